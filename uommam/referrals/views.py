"""Referral pages: forecast, send (one or many), sent list, receiver's inbox, detail with the actions
of each side, letter downloads and the loop metrics."""

from __future__ import annotations

from typing import TYPE_CHECKING

from uommam.orgs.scope import assignments, get_visible_or_404, require_role, visible

from .scopes import RECEIVE, SENDER_SIDE

if TYPE_CHECKING:
    from uommam.accounts.models import User
    from uommam.core.requests import AuthenticatedHttpRequest

from datetime import date
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uommam import rules
from uommam.audit.downloads import ask_purpose, purpose_or_prompt
from uommam.audit.selectors import history_for
from uommam.audit.services import audit_download
from uommam.core.dates import query_date
from uommam.core.http import paginate, query_without_page, render_page
from uommam.core.office import DOCX_CONTENT_TYPE
from uommam.core.rules_config import rules_settings
from uommam.core.xlsx import XLSX_CONTENT_TYPE
from uommam.documents.rendering import ConversionFailed, LibreOfficeMissing, docx_to_pdf
from uommam.documents.services import document_docx, document_pdf
from uommam.orgs.capabilities import may, may_somewhere, permitted
from uommam.orgs.models import OrgUnit, Role
from uommam.people.field_rights import masked_or_hidden
from uommam.people.models import PartyMember
from uommam.people.redaction import limited_copy
from uommam.pipeline.models import Candidate

from . import selectors, services
from .exports import forecast_workbook
from .forms import (
    NEW_DESTINATION,
    AcknowledgeForm,
    HelperForm,
    MetricsForm,
    OutcomeForm,
    PaperAcknowledgementForm,
    PassOnForm,
    SendCommonForm,
    SendOneForm,
)
from .models import Referral, Status
from .scopes import SEND

XLSX = XLSX_CONTENT_TYPE
DOCX = DOCX_CONTENT_TYPE


# --- Access helpers ------------------------------------------------------------------------------


def _is_receiver(user: User, referral: Referral) -> bool:
    return may(user, RECEIVE, referral)


def _is_sender(user: User, referral: Referral) -> bool:
    return may(user, SENDER_SIDE, referral)


def get_referral_for(request: AuthenticatedHttpRequest, pk: int, *, side: str | None = None) -> Referral:
    """The referral if the user may see it (else 404); with `side`, only if they act on that side (else 403)."""
    referral = get_visible_or_404(
        Referral.objects.select_related("person", "to_unit", "from_cell", "letter", "previous"), request.user, pk
    )
    if side == "receiver" and not _is_receiver(request.user, referral):
        raise PermissionDenied
    if side == "sender" and not _is_sender(request.user, referral):
        raise PermissionDenied
    return referral


def _today() -> date:
    return timezone.localdate()


# --- Lists ---------------------------------------------------------------------------------------


@login_required
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    if selectors.is_receiver_only(request.user):
        return redirect("referrals:inbox")
    referrals = selectors.sent_referrals(request.user)
    status = request.GET.get("status", "")
    if status in Status.values:
        referrals = referrals.filter(status=status)
    context = {
        "page": paginate(request, referrals),
        "query": query_without_page(request),
        "status": status,
        "statuses": Status.choices,
        "can_send": may_somewhere(request.user, SEND, Candidate),
        "is_receiver": bool(selectors.receiving_unit_ids(request.user)),
        "inbox_count": selectors.inbox_count(request.user),
        "today": _today(),
    }
    return render_page(request, "referrals/index.html", context, partial="results")


@login_required
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not may_somewhere(request.user, RECEIVE, Referral):
        raise PermissionDenied
    everything = selectors.inbox(request.user)
    referrals = selectors.search_inbox(everything, request.GET)
    # Several receiving units (an administrator, an officer of two committees): a filter by unit.
    units = OrgUnit.objects.filter(pk__in=everything.values("to_unit_id")).order_by("sort_key")
    context = {
        "page": paginate(request, referrals),
        "query": query_without_page(request),
        "q": request.GET.get("q", ""),
        "status": request.GET.get("status", ""),
        "statuses": [(selectors.WAITING, _("Waiting for acknowledgement")), *Status.choices],
        "unit": request.GET.get("unit", ""),
        "units": list(units) if units.count() > 1 else [],
        "waiting": selectors.inbox_count(request.user),
        "waiting_filter": selectors.WAITING,
        "settings": rules_settings(),
    }
    return render_page(request, "referrals/inbox.html", context, partial="results")


# --- Detail and the actions of each side -----------------------------------------------------------


def _receiver_members(referral: Referral) -> Any:
    # Members of the cells under the receiving organisation (a university committee's cells).
    return PartyMember.objects.current().filter(cell__path__startswith=referral.to_unit.path).order_by("sort_key")


def _pass_on_destinations(referral: Referral) -> Any:
    return selectors.destinations(_today()).exclude(pk=referral.to_unit_id)


def _detail_context(request: AuthenticatedHttpRequest, referral: Referral, **forms: Any) -> dict[str, Any]:
    settings = rules_settings()
    receiver = _is_receiver(request.user, referral)
    sender = _is_sender(request.user, referral)
    page_forms = {
        "ack_form": forms.get("ack_form") or AcknowledgeForm(),
        "paper_form": forms.get("paper_form") or PaperAcknowledgementForm(),
        "helper_form": forms.get("helper_form") or HelperForm(members=_receiver_members(referral)),
        "outcome_form": forms.get("outcome_form") or OutcomeForm(),
        "pass_on_form": forms.get("pass_on_form") or PassOnForm(destinations=_pass_on_destinations(referral)),
    }
    for key, form in page_forms.items():
        # Several forms on one page have an "on" date: ids of their own ("id_ack_form-on"), same field names.
        form.auto_id = f"id_{key}-%s"
    return {
        **page_forms,
        "referral": referral,
        "is_receiver": receiver,
        "is_sender": sender,
        "acknowledge_due": rules.referral_acknowledgement_due(referral.sent_on, settings=settings),
        "today": _today(),
        "chain_next": Referral.objects.filter(previous=referral).first(),
        # The sending school's audit trail stays with the sender.
        "history": history_for(referral)[:20] if sender else [],
        "official_documents": services.referral_documents(referral),
        "may_issue_documents": _may_issue_documents(request.user, referral),
    }


@login_required
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = get_referral_for(request, pk)
    return render_page(request, "referrals/detail.html", _detail_context(request, referral))


def _act(
    request: AuthenticatedHttpRequest, referral: Referral, form_key: str, form: Any, call: Any, done: str
) -> HttpResponse:
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except services.ReferralError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, done)
            return redirect("referrals:detail", pk=referral.pk)
    return render_page(
        request, "referrals/detail.html", _detail_context(request, referral, **{form_key: form}), status=400
    )


@login_required
@require_POST
def acknowledge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = get_referral_for(request, pk, side="receiver")
    return _act(
        request,
        referral,
        "ack_form",
        AcknowledgeForm(request.POST),
        lambda d: services.referral_acknowledge(referral=referral, actor=request.user, on=d["on"]),
        _("Receipt acknowledged."),
    )


@login_required
@require_POST
def paper_acknowledgement(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = get_referral_for(request, pk, side="sender")
    return _act(
        request,
        referral,
        "paper_form",
        PaperAcknowledgementForm(request.POST),
        lambda d: services.referral_record_paper_acknowledgement(
            referral=referral, actor=request.user, on=d["on"], signed_by=d["signed_by"]
        ),
        _("The paper acknowledgement was recorded."),
    )


@login_required
@require_POST
def assign_helper(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = get_referral_for(request, pk, side="receiver")
    return _act(
        request,
        referral,
        "helper_form",
        HelperForm(request.POST, members=_receiver_members(referral)),
        lambda d: services.referral_assign_helper(
            referral=referral, actor=request.user, name=d["name"], position=d["position"], member=d["member"]
        ),
        _("The helper was assigned."),
    )


@login_required
@require_POST
def record_outcome(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = get_referral_for(request, pk, side="receiver")
    return _act(
        request,
        referral,
        "outcome_form",
        OutcomeForm(request.POST),
        lambda d: services.referral_record_outcome(
            referral=referral,
            actor=request.user,
            status=d["status"],
            on=d["on"],
            decision_number=d["decision_number"],
            reason=d["reason"],
        ),
        _("The outcome was recorded."),
    )


@login_required
@require_POST
def pass_on(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = get_referral_for(request, pk, side="receiver")
    form = PassOnForm(request.POST, destinations=_pass_on_destinations(referral))
    if form.is_valid():
        try:
            successor = services.referral_pass_on(
                referral=referral,
                actor=request.user,
                to_unit=form.cleaned_data["to_unit"],
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"],
            )
        except services.ReferralError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The referral was passed on to %(unit)s.") % {"unit": successor.to_unit.name})
            return redirect("referrals:detail", pk=referral.pk)
    return render_page(
        request, "referrals/detail.html", _detail_context(request, referral, pass_on_form=form), status=400
    )


@login_required
def letter(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    referral = get_referral_for(request, pk)
    document = referral.letter
    if document is None or not document.file:  # no file: erased with the student's personal data
        raise Http404
    purpose = ask_purpose(request, label=_("Referral letter %(number)s") % {"number": document.number_text})
    if isinstance(purpose, HttpResponse):
        return purpose
    # Field rights hold in files too: a role that sees the ID masked gets a masked copy.
    limited = masked_or_hidden(request.user, referral.person)
    if fmt == "docx":
        content = document_docx(document)
        content = limited_copy(content, referral.person) if limited else content
        content_type, filename = DOCX, document.docx_filename
    else:
        try:
            converted = docx_to_pdf(limited_copy(document_docx(document), referral.person)) if limited else None
            content = converted or document_pdf(document)
        except (LibreOfficeMissing, ConversionFailed) as exc:
            messages.error(request, _("The PDF could not be produced: %(reason)s") % {"reason": exc})
            return redirect("referrals:detail", pk=referral.pk)
        content_type, filename = "application/pdf", document.pdf_filename
    # Journalled once the file exists: a failed conversion is not a download.
    audit_download(actor=request.user, obj_or_label=document, purpose=purpose, unit=document.unit)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- The two documents of Công văn 1361-CV/BTCTW -----------------------------------------------------------

# URL word → which of the pair (certificate, introduction letter) `services.referral_documents` returns.
OFFICIAL_DOCUMENTS = {"helping-certificate": 0, "introduction-letter": 1}


def _may_issue_documents(user: User, referral: Referral) -> bool:
    # The cell that signs the referral (capability `referral.send` on its candidacy) signs these too: "T/M CHI BỘ".
    return may(user, SEND, referral.candidate)


@login_required
@require_POST
def issue_documents(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = get_referral_for(request, pk)
    if not _may_issue_documents(request.user, referral):
        raise PermissionDenied
    already = services.referral_documents(referral) is not None
    try:
        certificate, letter = services.referral_documents_issue(referral=referral, actor=request.user)
    except services.ReferralError as exc:
        messages.error(request, str(exc))
        return redirect("referrals:detail", pk=referral.pk)
    numbers = {"certificate": certificate.number_text, "letter": letter.number_text}
    if already:
        messages.info(
            request,
            _("The documents were already issued (No. %(certificate)s and No. %(letter)s): download them below.")
            % numbers,
        )
    else:
        messages.success(request, _("Issued: certificate No. %(certificate)s and letter No. %(letter)s.") % numbers)
    return redirect("referrals:detail", pk=referral.pk)


@login_required
def official_document(request: AuthenticatedHttpRequest, pk: int, kind: str) -> HttpResponse:
    """The issued certificate or introduction letter (.docx), to whoever may download the referral letter."""
    referral = get_referral_for(request, pk)
    issued = services.referral_documents(referral)
    if kind not in OFFICIAL_DOCUMENTS or issued is None:
        raise Http404
    document = issued[OFFICIAL_DOCUMENTS[kind]]
    if not document.file:  # erased with the student's personal data
        raise Http404
    if kind == "helping-certificate":
        label = _("Certificate of being helped towards admission %(number)s") % {"number": document.number_text}
    else:
        label = _("Introduction letter %(number)s") % {"number": document.number_text}
    purpose = ask_purpose(request, label=label)
    if isinstance(purpose, HttpResponse):
        return purpose
    # Field rights hold in files too, as for the referral letter.
    content = document_docx(document)
    if masked_or_hidden(request.user, referral.person):
        content = limited_copy(content, referral.person)
    audit_download(actor=request.user, obj_or_label=document, purpose=purpose, unit=document.unit)
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{document.docx_filename}"'
    return response


# --- Forecast and sending ----------------------------------------------------------------------------


def _forecast_unit(request: AuthenticatedHttpRequest) -> OrgUnit | None:
    units = selectors.forecast_units_for(request.user)
    code = request.GET.get("unit", "")
    if code:
        unit = units.filter(code=code).first()
        if unit is None:
            raise Http404
        return unit
    own = [a.unit for a in assignments(request.user) if a.role == Role.CELL_SECRETARY]
    return own[0] if own else units.first()


def _parse_today(request: AuthenticatedHttpRequest) -> date:
    return query_date(request.GET.get("today", ""), default=_today()) or _today()


@login_required
def forecast(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_role(request.user, Role.CELL_SECRETARY, Role.COMMITTEE_OFFICER, Role.VIEWER, Role.YOUTH_UNION_SECRETARY)
    unit = _forecast_unit(request)
    today = _parse_today(request)
    rows = selectors.forecast_rows(unit=unit, today=today, user=request.user) if unit else []
    summary = selectors.forecast_summary(rows)
    groups = [(action, selectors.ACTION_LABELS[action], summary.groups.get(action, [])) for action in selectors.ACTIONS]
    context = {
        "unit": unit,
        "units": selectors.forecast_units_for(request.user),
        "today": today,
        "summary": summary,
        "groups": groups,
        "actions": selectors.ACTIONS,
        "action_labels": selectors.ACTION_LABELS,
        "can_send": may_somewhere(request.user, SEND, Candidate),
    }
    return render_page(request, "referrals/forecast.html", context)


@login_required
def forecast_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_role(request.user, Role.CELL_SECRETARY, Role.COMMITTEE_OFFICER, Role.VIEWER, Role.YOUTH_UNION_SECRETARY)
    unit = _forecast_unit(request)
    if unit is None:
        raise Http404
    today = _parse_today(request)
    filename = f"du-bao-{unit.code}-{today.isoformat()}.xlsx"
    prompt = purpose_or_prompt(request, label=filename, unit=unit)
    if prompt is not None:
        return prompt
    rows = selectors.forecast_rows(unit=unit, today=today, user=request.user)
    response = HttpResponse(forecast_workbook(rows, unit_name=unit.name, today=today), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _destination_choices(suggested: OrgUnit | None, today: date) -> list[tuple[str, Any]]:
    communes = [(str(u.pk), u.name) for u in selectors.commune_committees(today)]
    universities = [(str(u.pk), u.name) for u in selectors.universities()]
    choices: list[tuple[str, Any]] = []
    if suggested is not None:
        choices.append((str(suggested.pk), _("%(name)s (home commune)") % {"name": suggested.name}))
    choices += [
        (_("Commune Party committees"), communes),
        (_("Colleges and universities"), universities),
        (NEW_DESTINATION, _("Another organisation (enter it below)…")),
    ]
    return choices


@login_required
def send(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Refer one or several students (bulk from the forecast): `?candidate=1&candidate=2`."""
    if not may_somewhere(request.user, SEND, Candidate):
        raise PermissionDenied
    ids = request.POST.getlist("candidate") if request.method == "POST" else request.GET.getlist("candidate")
    candidates = list(
        permitted(Candidate.objects.in_pipeline(), request.user, SEND)
        .filter(pk__in=[i for i in ids if str(i).isdigit()])
        .select_related("person__home_commune", "person__school", "cell", "helper")
        .order_by("person__sort_key")
    )
    if not candidates:
        messages.warning(request, _("Choose at least one student from the forecast."))
        return redirect("referrals:forecast")
    today = _today()
    common = SendCommonForm(request.POST or None, initial={"sent_on": today, "contact_name": str(request.user)})
    entries: list[dict[str, Any]] = []
    for candidate in candidates:
        suggested = selectors.suggested_commune(candidate.person, today)
        form = SendOneForm(
            request.POST or None,
            prefix=f"c{candidate.pk}",
            choices=_destination_choices(suggested, today),
            initial={"destination": str(suggested.pk) if suggested else ""},
        )
        entries.append({"candidate": candidate, "form": form, "suggested": suggested})
    if request.method == "POST" and common.is_valid() and all(e["form"].is_valid() for e in entries):
        try:
            drafts = [_draft(request, entry, common.cleaned_data) for entry in entries]
            referrals = services.referral_bulk_create(
                drafts=drafts, actor=request.user, sent_on=common.cleaned_data["sent_on"]
            )
        except services.ReferralError as exc:
            messages.error(request, str(exc))
        except PermissionError:
            raise PermissionDenied from None
        else:
            messages.success(
                request,
                _("%(count)s referral(s) sent; the letters are ready to print.") % {"count": len(referrals)},
            )
            if len(referrals) == 1:
                return redirect("referrals:detail", pk=referrals[0].pk)
            return redirect("referrals:index")
    return render_page(request, "referrals/send.html", {"common": common, "entries": entries})


def _draft(request: AuthenticatedHttpRequest, entry: dict[str, Any], common: dict[str, Any]) -> services.ReferralDraft:
    data = entry["form"].cleaned_data
    to_unit: OrgUnit | None
    if data["destination"] == NEW_DESTINATION:
        contact = data.get("new_contact", "")
        to_unit = services.external_destination_create(
            name=data["new_name"],
            address=data.get("new_address", ""),
            phone="" if "@" in contact else contact,
            email=contact if "@" in contact else "",
            actor=request.user,
        )
    else:
        to_unit = selectors.destinations(_today()).filter(pk=data["destination"]).first()
        if to_unit is None:
            raise services.ReferralError(_("Choose where to refer the student."))
    return services.ReferralDraft(
        candidate=entry["candidate"],
        to_unit=to_unit,
        contact_name=common["contact_name"],
        contact_phone=common.get("contact_phone", ""),
        helper_assessment=data.get("helper_assessment", ""),
        youth_union_evaluation=data.get("youth_union_evaluation", ""),
    )


# --- Metrics -----------------------------------------------------------------------------------------


@login_required
def metrics(request: AuthenticatedHttpRequest) -> HttpResponse:
    units = selectors.metrics_units_for(request.user)
    if not units.exists():
        raise PermissionDenied
    form = MetricsForm(request.GET or None, units=units)
    today = _today()
    unit = form.cleaned_data["unit"] if form.is_bound and form.is_valid() else None
    if unit is None:
        own = [a.unit for a in assignments(request.user) if visible(OrgUnit.objects.filter(pk=a.unit_id), request.user)]
        unit = own[0] if own else units.first()
    assert unit is not None  # the user has metrics units (checked above)
    date_from, date_to = form.period(today)
    result = selectors.loop_metrics(unit, date_from, date_to, as_of=today)
    return render_page(
        request, "referrals/metrics.html", {"form": form, "unit": unit, "metrics": result, "units": units}
    )
