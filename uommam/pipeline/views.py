"""Pipeline pages: overview, nomination, the candidate page with its HTMX action panel, dossier,
introducers, helper, and the printable timeline. Each view: authorise → validate → one service → page."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from uommam.audit.downloads import journal_print, purpose_or_prompt
from uommam.core import pagecache
from uommam.core.errors import StaleEdit
from uommam.core.http import paginate, query_without_page, render_page
from uommam.core.integrity import RecordRefused
from uommam.orgs.access import CHECK_RECORDS
from uommam.orgs.capabilities import may_somewhere
from uommam.orgs.models import OrgUnit, Role, UnitKind
from uommam.orgs.scope import get_visible_or_404, has_role, scope_key, visible
from uommam.people.field_rights import masked_or_hidden
from uommam.people.models import Person
from uommam.vn.dates import format_vn
from uommam.vn.school_year import school_year_of
from uommam.vn.text import fold

from . import services, workflow
from .dossier import (
    ChecklistRow,
    checklist,
    expiry_warnings,
    form_label,
    introducer_problems,
    together_since,
)
from .forms import (
    BulkAcceptForm,
    CandidateFilterForm,
    DossierItemForm,
    DossierRowForm,
    HelperForm,
    IntroducerReplaceForm,
    ListDirectlyForm,
    MemberChoiceForm,
    NominationFilterForm,
    ProposalForm,
    TheoryCourseForm,
    WithdrawProposalForm,
    transition_form,
)
from .models import Candidate, CandidateEvent, DossierForm, DossierItem, DossierStatus, IntroducerAssignment
from .selectors import (
    DOSSIER_WRITE_ROLES,
    candidates_visible_to,
    cell_members,
    get_candidate_for,
    key_dates,
    may_see_dossier,
    may_write,
    nomination_ranking,
    nomination_schools,
    require_dossier_write,
    school_cell,
    stage_counts,
    youth_union_unit,
)
from .stages import EXIT_STAGES, MAIN_LINE, Stage
from .workflow import BY_NAME, TransitionError, available_transitions, event_label, perform

if TYPE_CHECKING:
    from uommam.accounts.models import User
    from uommam.core.requests import AuthenticatedHttpRequest

# --- Overview ------------------------------------------------------------------------------


@login_required
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Phát triển đảng viên: candidates in the user's scope by stage, with counts and filters."""
    scope = candidates_visible_to(request.user)
    cells = visible(OrgUnit.objects.filter(kind=UnitKind.CELL), request.user).order_by("sort_key")
    form = CandidateFilterForm(request.GET or None, cells=cells)
    filters = form.cleaned_data if form.is_valid() else {}
    candidates = scope
    if not filters.get("closed") and not filters.get("stage"):
        candidates = candidates.in_pipeline()
    if filters.get("cell"):
        candidates = candidates.filter(cell=filters["cell"])
    if filters.get("stage"):
        candidates = candidates.filter(stage=filters["stage"])
    if filters.get("school_year"):
        candidates = candidates.filter(school_year=filters["school_year"])
    if filters.get("q"):
        for word in fold(filters["q"]).split():
            candidates = candidates.filter(person__search_key__contains=word)
    candidates = candidates.select_related("person", "cell", "helper").order_by("person__sort_key", "pk")
    counts = stage_counts(scope)
    stages = [
        (stage, counts.get(stage.value, 0)) for stage in (*MAIN_LINE, *[s for s in EXIT_STAGES if s != Stage.OFFICIAL])
    ]
    context = {
        "form": form,
        "page": paginate(request, candidates),
        "query": query_without_page(request),
        "stages": stages,
        "can_nominate": has_role(request.user, Role.YOUTH_UNION_SECRETARY, Role.CELL_SECRETARY, Role.COMMITTEE_OFFICER),
        "can_check_records": may_somewhere(request.user, CHECK_RECORDS, OrgUnit),
    }
    return render_page(request, "pipeline/index.html", context, partial="results")


# --- Nomination ----------------------------------------------------------------------------


@login_required
def nomination(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Grade-10 and grade-11 Youth Union members of one school, ranked; propose and accept in bulk."""
    today = timezone.localdate()
    schools = nomination_schools(request.user)
    params = request.GET.copy() if request.method == "GET" else request.POST.copy()
    params.setdefault("school_year", school_year_of(today))
    if not params.get("school") and schools.count() == 1:
        only = schools.first()
        assert only is not None  # count() is 1
        params["school"] = str(only.pk)
    form = NominationFilterForm(params, schools=schools)
    nominees: list[Any] = []
    school = cell = yu_unit = None
    if form.is_valid():
        school = form.cleaned_data["school"]
        school_year = form.cleaned_data["school_year"]
        cell = school_cell(school, today)
        yu_unit = youth_union_unit(request.user, school)
        if request.method == "POST":
            return _nomination_post(request, school=school, school_year=school_year, cell=cell, yu_unit=yu_unit)
        nominees = nomination_ranking(school=school, school_year=school_year, on=today)
    elif request.method == "POST":
        raise PermissionDenied
    can_accept = cell is not None and _writes_cell(request.user, cell)
    members = cell_members(Candidate(cell=cell)) if can_accept else None
    context = {
        "form": form,
        "nominees": nominees,
        "school": school,
        "cell": cell,
        "can_propose": yu_unit is not None and cell is not None,
        "can_accept": can_accept,
        "accept_form": BulkAcceptForm(members=members) if can_accept else None,
        "proposal_form": ProposalForm() if yu_unit is not None else None,
        "can_withdraw": yu_unit is not None,
        "identified": [n for n in nominees if n.candidate and n.candidate.stage == Stage.IDENTIFIED],
    }
    return render_page(request, "pipeline/nomination.html", context, partial="ranking")


# The roles that act for a cell on its sympathiser list (within their scope).
CELL_LIST_ROLES = (Role.CELL_SECRETARY, Role.COMMITTEE_OFFICER)


def _writes_cell(user: User, cell: OrgUnit) -> bool:
    # The roles first: they are in memory, the cell's scope is a query.
    return (
        has_role(user, *CELL_LIST_ROLES) and visible(OrgUnit.objects.filter(pk=cell.pk), user, CELL_LIST_ROLES).exists()
    )


def _nomination_post(
    request: AuthenticatedHttpRequest,
    *,
    school: OrgUnit,
    school_year: str,
    cell: OrgUnit | None,
    yu_unit: OrgUnit | None,
) -> HttpResponse:
    back = f"{reverse('pipeline:nomination')}?school={school.pk}&school_year={school_year}"
    action = request.POST.get("action")
    # Only the school's Youth Union (proposing) or those who write for its cell (accepting) may post.
    if yu_unit is None and (cell is None or not _writes_cell(request.user, cell)):
        raise PermissionDenied
    if cell is None:
        messages.error(request, _("This school has no Party cell."))
        return redirect(back)
    if action == "propose":
        if yu_unit is None:
            raise PermissionDenied
        proposal = ProposalForm(request.POST)
        if not proposal.is_valid():
            messages.error(
                request,
                _("Nothing was proposed:") + " " + " ".join(str(e) for es in proposal.errors.values() for e in es),
            )
            return redirect(back)
        ids = [int(i) for i in request.POST.getlist("person") if i.isdigit()]
        people = Person.objects.active().filter(pk__in=ids, school=school, youth_union_joined_on__isnull=False)
        try:
            proposed = services.youth_union_propose(
                people=list(people.order_by("sort_key")),
                cell=cell,
                proposed_by=yu_unit,
                school_year=school_year,
                resolution_number=proposal.cleaned_data["resolution_number"],
                resolution_on=proposal.cleaned_data["resolution_on"],
                actor=request.user,
            )
        except TransitionError as exc:
            messages.error(request, _("Nothing was proposed:") + " " + " ".join(exc.reasons))
        else:
            _report(request, len(proposed), [], _("%(n)s student(s) proposed to the cell."))
    elif action == "withdraw":
        if yu_unit is None:
            raise PermissionDenied
        withdraw = WithdrawProposalForm(request.POST)
        if not withdraw.is_valid():
            messages.error(request, _("Give the reason for withdrawing the proposal."))
            return redirect(back)
        candidate = get_object_or_404(
            candidates_visible_to(request.user).select_related("person"),
            pk=withdraw.cleaned_data["candidate"],
            cell=cell,
        )
        try:
            perform(
                candidate,
                "withdraw_proposal",
                actor=request.user,
                data={"exit_reason": withdraw.cleaned_data["exit_reason"], "effective_on": timezone.localdate()},
            )
        except TransitionError as exc:
            for reason in exc.reasons:
                messages.error(request, f"{candidate.person.full_name}: {reason}")
        except PermissionError:
            raise PermissionDenied from None
        else:
            messages.success(
                request, _("The proposal of %(name)s was withdrawn.") % {"name": candidate.person.full_name}
            )
    elif action == "accept":
        if not _writes_cell(request.user, cell):
            raise PermissionDenied
        accept = BulkAcceptForm(request.POST, members=cell_members(Candidate(cell=cell)))
        if not accept.is_valid():
            messages.error(request, " ".join(str(e) for errors in accept.errors.values() for e in errors))
            return redirect(back)
        ids = [int(i) for i in request.POST.getlist("candidate") if i.isdigit()]
        done = 0
        errors: list[str] = []
        for candidate in candidates_visible_to(request.user).filter(pk__in=ids, cell=cell).select_related("person"):
            try:
                perform(candidate, "accept_sympathiser", actor=request.user, data=accept.cleaned_data)
                done += 1
            except (TransitionError, PermissionError) as exc:
                reasons = exc.reasons if isinstance(exc, TransitionError) else [_("You may not do this.")]
                errors.extend(f"{candidate.person.full_name}: {r}" for r in reasons)
        _report(request, done, errors, _("%(n)s student(s) put on the sympathiser list."))
    else:
        messages.error(request, _("Select an action."))
    return redirect(back)


def _report(request: AuthenticatedHttpRequest, done: int, errors: list[str], success: str) -> None:
    if done:
        messages.success(request, success % {"n": done})
    for error in errors:
        messages.error(request, error)
    if not done and not errors:
        messages.warning(request, _("No student was selected."))


# --- From the student page: on the list without a proposal --------------------------------------


def may_list_directly(user: User, person: Person, today: date) -> OrgUnit | None:
    """The school's cell when `user` may put `person` on its list without a proposal (else None)."""
    if person.school_id is None or person.archived_at is not None:
        return None
    if not has_role(user, *CELL_LIST_ROLES):  # most roles never may: no need to look the cell up
        return None
    school = person.school

    def cell_acted_for() -> tuple[OrgUnit | None]:
        cell = school_cell(school, today)
        return (cell if cell is not None and _writes_cell(user, cell) else None,)  # a 1-tuple: None is cached too

    # The same for every student of the school and every officer of the scope until the next write
    # (uommam/core/pagecache.py): asked on each student's page.
    (cell,) = pagecache.cached("list-directly-cell", (scope_key(user), school.pk), cell_acted_for)
    if cell is None:
        return None
    if Candidate.objects.in_pipeline().filter(person=person).exists():
        return None
    return cell


@login_required
def list_directly(request: AuthenticatedHttpRequest, person_pk: int) -> HttpResponse:
    """The cell puts a student the Youth Union did not propose on its sympathiser list, with a reason."""
    person = get_visible_or_404(Person.objects.select_related("school"), request.user, person_pk)
    today = timezone.localdate()
    cell = school_cell(person.school, today) if person.school_id else None
    if cell is None or not _writes_cell(request.user, cell):
        raise PermissionDenied
    open_candidacy = Candidate.objects.in_pipeline().filter(person=person).first()
    if open_candidacy is not None:  # proposed meanwhile, or already in the pipeline: that page acts
        return redirect("pipeline:candidate", open_candidacy.pk)
    form = ListDirectlyForm(request.POST or None, members=cell_members(Candidate(cell=cell)))
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            candidate = services.sympathiser_list_directly(
                person=person,
                cell=cell,
                helper=data["helper"],
                reason=data["listing_reason"],
                on=data["effective_on"],
                actor=request.user,
            )
        except TransitionError as exc:
            errors = exc.reasons
        except PermissionError:
            raise PermissionDenied from None
        else:
            messages.success(request, _("%(name)s is on the sympathiser list.") % {"name": person.full_name})
            return redirect("pipeline:candidate", candidate.pk)
    context = {"person": person, "cell": cell, "form": form, "errors": errors}
    return render_page(request, "pipeline/list_directly.html", context)


# --- The candidate page --------------------------------------------------------------------


def step_page(transition: Any, candidate: Candidate) -> str | None:
    """The page that takes this step with its own records, for this candidate (None: the panel's form)."""
    if not transition.page:
        return None
    try:
        return f"{reverse(transition.page)}?candidate={candidate.pk}"
    except NoReverseMatch:  # that app is not installed: the bare step remains
        return None


def _panel_context(
    request: AuthenticatedHttpRequest,
    candidate: Candidate,
    today: date,
    bound: Any = None,
    memo: workflow.PermissionMemo | None = None,
) -> dict[str, Any]:
    options: list[dict[str, Any]] = []
    for option in available_transitions(candidate, request.user, today=today, memo=memo):
        name = option.transition.name
        link = step_page(option.transition, candidate)
        if link and option.enabled:
            options.append({"option": option, "form": None, "open": False, "link": link})
        elif bound is not None and bound.prefix == name:
            # The submitted form comes back open, with its errors, even if the step is now blocked.
            options.append({"option": option, "form": bound, "open": True})
        else:
            form = transition_form(name, candidate) if option.enabled else None
            options.append({"option": option, "form": form, "open": False})
    # A step refused because the candidacy moved meanwhile (taken in another tab or by a colleague) is no
    # longer on the panel: its reasons are then shown above the panel's steps, not lost.
    return {"candidate": candidate, "options": options, "step_shown": any(o["open"] for o in options)}


def _timeline(candidate: Candidate) -> list[CandidateEvent]:
    events = list(candidate.events.select_related("actor"))
    voided = workflow.voided_among(events)
    for event in events:
        event.label = event_label(event)  # type: ignore[attr-defined]  # display values for the template, not fields
        event.voided = event.pk in voided  # type: ignore[attr-defined]  # display value for the template
    return events


def _candidate_context(request: AuthenticatedHttpRequest, candidate: Candidate) -> dict[str, Any]:
    today = timezone.localdate()
    see_dossier = may_see_dossier(request.user, candidate)
    write_dossier = see_dossier and may_write(request.user, candidate, DOSSIER_WRITE_ROLES)
    memo: workflow.PermissionMemo = {}  # the panel and the void link ask the same scope questions
    events = _timeline(candidate)
    context: dict[str, Any] = {
        **_panel_context(request, candidate, today, memo=memo),
        "person": candidate.person,
        "key_dates": key_dates(candidate, today),
        "events": events,
        "see_dossier": see_dossier,
        "write_dossier": write_dossier and candidate.stage not in EXIT_STAGES,
        "is_open": candidate.stage not in EXIT_STAGES,
        "today": today,
        "void_step": _voidable_step(request, candidate, memo, events),
    }
    if see_dossier:
        # Read once, shown in the checklist and checked for expiry and for the introducers' eligibility.
        items = list(candidate.dossier_items.select_related("checked_by"))
        rows = checklist(candidate, items)  # by form number, each form with its name
        introducers = list(candidate.introducers.select_related("member", "assigned_by"))
        for assignment in introducers:
            # A display value for the template, not a model field.
            assignment.together_since = together_since(assignment, candidate)  # type: ignore[attr-defined]
        context.update(
            {
                "dossier_rows": rows,
                "warnings": expiry_warnings(candidate, today, items=items),
                "introducers": introducers,
                "introducer_problems": introducer_problems(
                    candidate, candidate.cell_meeting_on or today, assignments=introducers
                )
                if candidate.stage in (Stage.CERTIFIED, Stage.DOSSIER)
                else [],
                "dossier_form": DossierItemForm(),
                "introducer_form": MemberChoiceForm(candidate=candidate, prefix="intro", label=_("Introducer")),
                "replace_form": IntroducerReplaceForm(candidate=candidate, prefix="replace"),
                "helper_form": HelperForm(candidate=candidate, prefix="helper", label=_("New helper member")),
                "theory_form": TheoryCourseForm(prefix="theory"),
            }
        )
    return context


@login_required
def candidate_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    candidate = get_candidate_for(request.user, pk)
    return render_page(
        request, "pipeline/candidate_detail.html", _candidate_context(request, candidate), partial="actions"
    )


@login_required
@require_POST
def candidate_transition(request: AuthenticatedHttpRequest, pk: int, name: str) -> HttpResponse:
    """Submit one step of the action panel; errors come back in the panel and nothing is written."""
    transition = BY_NAME.get(name)
    if transition is None:
        raise Http404
    candidate = get_candidate_for(request.user, pk, write_roles=transition.roles)
    link = step_page(transition, candidate)
    if link:
        # E.g. a referral: recorded with its letter on its own page, never as a bare stage change.
        return HttpResponseClientRedirect(link) if request.htmx else redirect(link)
    form = transition_form(name, candidate, request.POST)
    errors: list[str] = []
    if form.is_valid():
        try:
            perform(candidate, name, actor=request.user, data=form.data_for_workflow())
        except TransitionError as exc:
            errors = exc.reasons
        except PermissionError:
            raise PermissionDenied from None
        else:
            messages.success(request, _("Recorded: %(step)s.") % {"step": transition.label})
            url = reverse("pipeline:candidate", args=[candidate.pk])
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    context = {**_panel_context(request, candidate, timezone.localdate(), bound=form), "errors": errors, "failed": name}
    if request.htmx:
        return render_page(request, "pipeline/candidate_detail.html", context, partial="actions")
    full = _candidate_context(request, candidate)
    full.update(context)
    return render_page(request, "pipeline/candidate_detail.html", full)


def _voidable_step(
    request: AuthenticatedHttpRequest,
    candidate: Candidate,
    memo: workflow.PermissionMemo | None = None,
    events: list[CandidateEvent] | None = None,
) -> Any:
    """The latest step, when this user may take it (and so void it); None otherwise."""
    event = workflow.last_step(candidate, events)
    if event is None or event.to_stage != candidate.stage:
        return None
    transition = BY_NAME.get(event.transition)
    if transition is None or not workflow.may_perform(candidate, transition, request.user, memo=memo):
        return None
    return transition


@login_required
@require_POST
def void_step(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Void the latest step with a reason (the original stays in the timeline)."""
    # Read-only roles get 403 before anything else; the step's own roles are checked in the service.
    candidate = get_candidate_for(request.user, pk, write_roles=(Role.CELL_SECRETARY, Role.COMMITTEE_OFFICER))
    try:
        workflow.void_last_step(candidate, actor=request.user, reason=request.POST.get("reason", ""))
    except workflow.VoidError as exc:
        for reason in exc.reasons:
            messages.error(request, reason)
    except PermissionError:
        raise PermissionDenied from None
    else:
        messages.success(request, _("The step was voided; the candidacy is back in its previous stage."))
    return _back(candidate, "#timeline")


def _back(candidate: Candidate, anchor: str = "") -> HttpResponse:
    return redirect(reverse("pipeline:candidate", args=[candidate.pk]) + anchor)


def _form_errors(request: AuthenticatedHttpRequest, form: Any) -> None:
    messages.error(
        request, _("Nothing was saved:") + " " + " ".join(str(e) for errs in form.errors.values() for e in errs)
    )


def _dossier_candidate(request: AuthenticatedHttpRequest, pk: int) -> Candidate:
    candidate = get_candidate_for(request.user, pk, write_roles=DOSSIER_WRITE_ROLES)
    require_dossier_write(request.user, candidate)
    if candidate.stage in EXIT_STAGES:
        raise PermissionDenied
    return candidate


@login_required
@require_POST
def dossier_save(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    candidate = _dossier_candidate(request, pk)
    form = DossierItemForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused_on_page(request, candidate, "dossier_form", form)
    data = form.cleaned_data
    try:
        services.dossier_item_save(
            candidate=candidate,
            actor=request.user,
            form=data["form"],
            subject=data["subject"],
            status=data["status"],
            dated_on=data["dated_on"],
            received_on=data["received_on"],
            note=data["note"],
            file=data["file"],
            seen_at=data.get("seen_at"),
        )
    except RecordRefused as exc:
        return _refused_on_page(request, candidate, "dossier_form", form, exc.reasons)
    except StaleEdit as exc:
        # Someone saved this item after the page was opened: say what they recorded and what was
        # typed here (kept in the message), and save nothing.
        item = exc.current
        messages.warning(
            request,
            _(
                "Someone else updated “%(item)s” while you were working: it is now “%(status)s”%(note)s. "
                "Your entry was not saved (status “%(mine)s”%(my_note)s); check and record it again."
            )
            % {
                "item": item.get_form_display(),
                "status": item.get_status_display(),
                "note": f" – {item.note}" if item.note else "",
                "mine": dict(DossierStatus.choices).get(data["status"], data["status"]),
                "my_note": f" – {data['note']}" if data["note"] else "",
            },
        )
        return _back(candidate, "#dossier")
    messages.success(request, _("Dossier updated."))
    return _back(candidate, "#dossier")


def _dossier_rows(candidate: Candidate) -> list[ChecklistRow]:
    """The checklist rows, plus an empty row for one more relative once a verification is recorded."""
    rows = checklist(candidate)
    if any(r.code == DossierForm.KND20 and r.item is not None for r in rows):
        extra = ChecklistRow(str(DossierForm.KND20), form_label(DossierForm.KND20), True)
        last = max(i for i, r in enumerate(rows) if r.code == DossierForm.KND20)
        rows.insert(last + 1, extra)
    return rows


@login_required
def dossier_all(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The whole dossier in one form: every item of the route by form number, saved at once."""
    candidate = _dossier_candidate(request, pk)
    rows = _dossier_rows(candidate)
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    forms = [DossierRowForm(*data, row=row, prefix=f"row{index}") for index, row in enumerate(rows)]
    errors: list[str] = []
    if request.method == "POST" and all(f.is_valid() for f in forms):
        inputs = []
        for f in forms:
            subject = f.row.subject or f.cleaned_data.get("subject", "")
            inputs.append(
                services.DossierRowInput(
                    label=f"{f.row.label} – {subject}" if subject else f.row.label,
                    form=f.row.code,
                    subject=subject,
                    status=f.cleaned_data["status"],
                    dated_on=f.cleaned_data["dated_on"],
                    received_on=f.cleaned_data["received_on"],
                    note=f.cleaned_data["note"],
                    file=f.cleaned_data["file"],
                    item=f.row.item,
                    seen_at=f.cleaned_data.get("seen_at"),
                )
            )
        try:
            saved = services.dossier_save_all(candidate=candidate, actor=request.user, rows=inputs)
        except RecordRefused as exc:
            errors = exc.reasons
        except StaleEdit as exc:
            errors = [
                _(
                    "Someone else updated “%(item)s” while you were working: it is now “%(status)s”. "
                    "Nothing was saved; check and record it again."
                )
                % {"item": form_label(exc.current.form), "status": exc.current.get_status_display()}
            ]
        else:
            messages.success(request, _("Dossier updated: %(n)s item(s) saved.") % {"n": len(saved)})
            return _back(candidate, "#dossier")
    elif request.method == "POST":
        errors = [_("Nothing was saved: correct the rows marked below.")]
    context = {"candidate": candidate, "person": candidate.person, "forms": forms, "errors": errors}
    return render_page(request, "pipeline/dossier_all.html", context)


@login_required
def dossier_file(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse | FileResponse:
    """Scanned copies are served only to those who may see the dossier, never from a public URL."""
    candidate = get_candidate_for(request.user, pk)
    # Scans hold the relatives' details (background check): only for roles that see them.
    if not may_see_dossier(request.user, candidate) or masked_or_hidden(request.user, candidate.person):
        raise PermissionDenied
    item = get_object_or_404(DossierItem, pk=item_pk, candidate=candidate)
    if not item.file:
        raise Http404
    name = (item.file.name or "").rsplit("/", 1)[-1]
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    # Asked after the file is known to exist: a missing scan is not journalled as downloaded.
    prompt = purpose_or_prompt(
        request, label=f"{item.get_form_display()} – {candidate.person.full_name}", unit=candidate.cell, obj=item
    )
    if prompt is not None:
        handle.close()
        return prompt
    return FileResponse(handle, as_attachment=True, filename=name)


def _refused_on_page(
    request: AuthenticatedHttpRequest, candidate: Candidate, form_key: str, form: Any, reasons: Iterable[str] = ()
) -> HttpResponse:
    """The candidate page again, with the refused form open where it was, what was typed, and why – not a
    message at the top of a long page above a closed form (nothing was written)."""
    for reason in reasons:
        form.add_error(None, reason)
    context = _candidate_context(request, candidate)
    context[form_key] = form
    return render_page(request, "pipeline/candidate_detail.html", context)


def _submit(
    request: AuthenticatedHttpRequest,
    candidate: Candidate,
    form: Any,
    action: Callable[[dict[str, Any]], Any],
    success: str,
    anchor: str = "",
    form_key: str = "",
) -> HttpResponse:
    """Validate `form`, run the service `action(cleaned_data)`, back to the candidate. A refusal shows the page
    again with the form open (`form_key`: its name in the page's context), else in messages."""
    if not form.is_valid():
        if form_key:
            return _refused_on_page(request, candidate, form_key, form)
        _form_errors(request, form)
        return _back(candidate, anchor)
    try:
        action(form.cleaned_data)
    except TransitionError as exc:
        if form_key:
            return _refused_on_page(request, candidate, form_key, form, exc.reasons)
        for reason in exc.reasons:
            messages.error(request, reason)
    else:
        messages.success(request, success)
    return _back(candidate, anchor)


@login_required
@require_POST
def introducer_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    candidate = _dossier_candidate(request, pk)
    return _submit(
        request,
        candidate,
        MemberChoiceForm(request.POST, candidate=candidate, prefix="intro"),
        lambda d: services.introducer_assign(
            candidate=candidate, member=d["member"], assigned_on=d["on"], actor=request.user
        ),
        _("Introducer assigned."),
        "#introducers",
        form_key="introducer_form",
    )


@login_required
@require_POST
def introducer_replace(request: AuthenticatedHttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    candidate = _dossier_candidate(request, pk)
    assignment = get_object_or_404(IntroducerAssignment, pk=assignment_pk, candidate=candidate)
    return _submit(
        request,
        candidate,
        IntroducerReplaceForm(request.POST, candidate=candidate, prefix="replace"),
        lambda d: services.introducer_replace(
            assignment=assignment,
            ended_on=d["ended_on"],
            reason=d["reason"],
            replacement=d["replacement"],
            actor=request.user,
        ),
        _("Introducer replaced; the history is kept."),
        "#introducers",
    )


@login_required
@require_POST
def helper_change(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    candidate = _dossier_candidate(request, pk)
    return _submit(
        request,
        candidate,
        HelperForm(request.POST, candidate=candidate, prefix="helper", label=_("New helper member")),
        lambda d: services.helper_change(
            candidate=candidate, helper=d["member"], on=d["on"], reason=d["reason"], actor=request.user
        ),
        _("Helper member changed."),
        form_key="helper_form",
    )


@login_required
@require_POST
def theory_course(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    candidate = _dossier_candidate(request, pk)
    form = TheoryCourseForm(request.POST, prefix="theory")
    if not form.is_valid():
        _form_errors(request, form)
    elif form.cleaned_data["completed_on"] > timezone.localdate():
        messages.error(
            request, _("The date %(date)s is in the future.") % {"date": format_vn(form.cleaned_data["completed_on"])}
        )
    else:
        services.theory_course_record(
            candidate=candidate, completed_on=form.cleaned_data["completed_on"], actor=request.user
        )
        messages.success(request, _("Political-theory course recorded."))
    return _back(candidate)


@login_required
def timeline_print(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The timeline as evidence, on A4: unit, student, every event with who and when."""
    candidate = get_candidate_for(request.user, pk)
    context = {
        "candidate": candidate,
        "person": candidate.person,
        "events": _timeline(candidate),
        "key_dates": key_dates(candidate, timezone.localdate()),
        "printed_at": timezone.localtime(),
    }
    journal_print(request, obj_or_label=candidate, unit=candidate.cell)
    return render_page(request, "pipeline/timeline_print.html", context)
