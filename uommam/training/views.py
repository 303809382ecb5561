"""Awareness-class pages: list, detail with roster, bulk enrolment, attendance grid, results,
bulk certificates, and the printable roster and certificate list.

Every view starts by fetching the class through the user's scope (404 outside it); pages that
change a class also need the user to manage it (403 otherwise).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from uommam import rules
from uommam.audit.downloads import journal_print
from uommam.audit.selectors import history_for
from uommam.core.errors import StaleEdit
from uommam.core.http import paginate, query_without_page, render_page
from uommam.core.locking import SeenAtField
from uommam.core.rules_config import rules_settings
from uommam.orgs import authority
from uommam.orgs.access import ORGANISE_CLASS
from uommam.orgs.capabilities import may_somewhere
from uommam.orgs.models import OrgUnit
from uommam.orgs.scope import get_visible_or_404

from . import selectors, services
from .forms import CertificateIssueForm, ClassFilterForm, ClassForm, EnrolForm, parse_score
from .models import AwarenessClass, ClassStatus, EnrolmentResult

if TYPE_CHECKING:
    from uommam.core.requests import AuthenticatedHttpRequest


def _get_class(request: AuthenticatedHttpRequest, pk: int, *, manage: bool = False) -> AwarenessClass:
    awareness_class = get_visible_or_404(
        AwarenessClass.objects.select_related("organiser", "certificate_issuer"), request.user, pk
    )
    if manage and not selectors.can_manage(request.user, awareness_class):
        raise PermissionDenied
    return awareness_class


@login_required
def class_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ClassFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = paginate(request, selectors.class_list(user=request.user, filters=filters))
    context = {
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "can_create": selectors.organisers_for(request.user).exists(),
    }
    return render_page(request, "training/class_list.html", context, partial="results")


@login_required
def class_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not may_somewhere(request.user, ORGANISE_CLASS, OrgUnit):
        raise PermissionDenied
    organisers = selectors.organisers_for(request.user)
    if not organisers.exists():
        raise PermissionDenied
    form = ClassForm(request.POST or None, organisers=organisers)
    if request.method == "POST" and form.is_valid():
        try:
            awareness_class = services.class_create(actor=request.user, data=form.service_data())
        except services.TrainingError as exc:
            for reason in exc.reasons:
                form.add_error(None, reason)
        else:
            messages.success(request, _("The class %(name)s was opened.") % {"name": awareness_class.name})
            return redirect("training:class_detail", pk=awareness_class.pk)
    return render_page(request, "training/class_form.html", {"form": form, "awareness_class": None})


@login_required
def class_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    awareness_class = _get_class(request, pk, manage=True)
    organisers = selectors.organisers_for(request.user) | OrgUnit.objects.filter(
        pk__in=[awareness_class.organiser_id, awareness_class.certificate_issuer_id]
    )
    form = ClassForm(request.POST or None, instance=awareness_class, organisers=organisers.distinct())
    stale = None
    confirm_replan = False
    if request.method == "POST" and form.is_valid():
        try:
            services.class_update(
                awareness_class=AwarenessClass.objects.get(pk=pk),
                actor=request.user,
                data=form.service_data(),
                expected_version=form.cleaned_data.get("version"),
                replan_sessions=request.POST.get("replan_sessions") == "1",
            )
        except StaleEdit as exc:
            stale = exc
            kept = cast(QueryDict, form.data).copy()  # a bound form's data is the request's QueryDict
            kept["version"] = str(exc.current.version)
            form.data = kept
        except services.SessionsOutsideDates as exc:
            # Ask before moving the sessions: the page shows the question and a confirming button.
            confirm_replan = True
            for reason in exc.reasons:
                form.add_error(None, reason)
        except services.TrainingError as exc:
            for reason in exc.reasons:
                form.add_error(None, reason)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("training:class_detail", pk=pk)
    return render_page(
        request,
        "training/class_form.html",
        {"form": form, "awareness_class": awareness_class, "stale": stale, "confirm_replan": confirm_replan},
    )


@login_required
def class_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    awareness_class = _get_class(request, pk)
    context = {
        "c": awareness_class,
        "counts": selectors.class_counts(awareness_class),
        "sessions": awareness_class.sessions.all(),
        "roster": selectors.roster(awareness_class=awareness_class, user=request.user),
        "can_manage": selectors.can_manage(request.user, awareness_class),
        "history": history_for(awareness_class)[:20],
        "validity_source": rules.citation_for(
            "certificate_validity", on=awareness_class.ends_on, sets=rules_settings().regulation_sets
        ).text,
        "validity_months": _validity_months(awareness_class),
    }
    return render_page(request, "training/class_detail.html", context)


def _validity_months(awareness_class: AwarenessClass) -> int:
    """The certificates' validity under the regulation set in force when the class ends (they are issued after
    it), as `rules.certificate_expires_on` counts it: printed on the signed list."""
    return rules_settings().on(awareness_class.ends_on).certificate_validity_months


@login_required
def class_enrol(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    awareness_class = _get_class(request, pk, manage=True)
    school = None
    school_id = request.GET.get("school") or request.POST.get("school")
    full_pool = selectors.enrolment_pool(awareness_class=awareness_class, user=request.user)
    schools = selectors.pool_schools(full_pool)
    if school_id and school_id.isdigit():
        school = schools.filter(pk=school_id).first()
    q = (request.GET.get("q") or "").strip()
    pool = selectors.enrolment_pool(awareness_class=awareness_class, user=request.user, school=school, q=q)
    form = EnrolForm(
        request.POST or None, initial={"enrolled_on": min(timezone.localdate(), awareness_class.starts_on)}
    )
    errors: dict[int, list[str]] = {}
    if request.method == "POST" and form.is_valid():
        ids = [int(v) for v in request.POST.getlist("candidate") if v.isdigit()]
        # Only candidacies the pool offers to this user: the scope is never taken from the form.
        chosen = list(full_pool.filter(pk__in=ids))
        try:
            created = services.enrol_bulk(
                awareness_class=awareness_class,
                actor=request.user,
                candidates=chosen,
                enrolled_on=form.cleaned_data["enrolled_on"],
            )
        except services.TrainingError as exc:
            for reason in exc.reasons:
                messages.error(request, reason)
            errors = exc.rows
        else:
            messages.success(
                request,
                _("%(count)s students were enrolled in %(name)s.") % {"count": len(created), "name": awareness_class},
            )
            return redirect("training:class_detail", pk=pk)
    context = {
        "c": awareness_class,
        # A finished class takes no one: the page says so rather than offering a list it would refuse.
        "finished": awareness_class.status == ClassStatus.FINISHED,
        "form": form,
        "pool": pool,
        "schools": schools,
        "school": school,
        "q": q,
        "counts": selectors.class_counts(awareness_class),
        "errors": errors,
        "selected": {int(v) for v in request.POST.getlist("candidate") if v.isdigit()},
    }
    return render_page(request, "training/class_enrol.html", context, partial="pool")


def _seen_at(request: AuthenticatedHttpRequest) -> Any:
    """When the grid was opened (hidden field); None – no check – when missing or garbled."""
    return SeenAtField().clean(request.POST.get("seen_at"))


@login_required
def class_attendance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    awareness_class = _get_class(request, pk, manage=True)
    enrolments = list(selectors.roster(awareness_class=awareness_class, user=request.user))
    sessions = list(awareness_class.sessions.all())
    submitted: set[tuple[int, int]] | None = None
    conflicts: dict[str, Any] = {}
    if request.method == "POST":
        submitted = set()
        for value in request.POST.getlist("present"):
            enrolment_id, _sep, session_id = value.partition("-")
            if enrolment_id.isdigit() and session_id.isdigit():
                submitted.add((int(enrolment_id), int(session_id)))
        try:
            services.attendance_save(
                awareness_class=awareness_class, actor=request.user, present=submitted, seen_at=_seen_at(request)
            )
        except services.TrainingError as exc:
            for reason in exc.reasons:
                messages.error(request, reason)
        except StaleEdit as exc:
            conflicts = {f"{a.enrolment_id}-{a.session_id}": a for a in exc.current}
            messages.warning(
                request,
                _(
                    "Someone else saved attendance for this class after you opened the page; nothing was saved. "
                    "Their changes are marked below, your ticks are kept: check them and save again."
                ),
            )
        else:
            messages.success(request, _("Attendance saved."))
            return redirect("training:class_attendance", pk=pk)
    from .models import Attendance

    recorded = {
        (a.enrolment_id, a.session_id): a.present
        for a in Attendance.objects.filter(enrolment__awareness_class=awareness_class)
    }
    rows = [
        {
            "enrolment": e,
            "cells": [
                {
                    "key": f"{e.pk}-{s.pk}",
                    # After a refused save the user's own ticks stay; the other change is shown beside them.
                    "present": (e.pk, s.pk) in submitted if submitted is not None else recorded.get((e.pk, s.pk), True),
                    "session": s,
                    "conflict": conflicts.get(f"{e.pk}-{s.pk}"),
                }
                for s in sessions
            ],
        }
        for e in enrolments
    ]
    context = {
        "c": awareness_class,
        "sessions": sessions,
        "rows": rows,
        "recorded": bool(recorded),
        "conflicts": list(conflicts.values()),
        "seen_at": timezone.now().isoformat(),
    }
    return render_page(request, "training/class_attendance.html", context)


@login_required
def class_results(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    awareness_class = _get_class(request, pk, manage=True)
    enrolments = list(selectors.roster(awareness_class=awareness_class, user=request.user))
    errors: dict[int, list[str]] = {}
    conflicts: list[Any] = []
    values: dict[int, dict[str, Any]] = {
        e.pk: {"score": _score_text(e.essay_score), "result": e.result} for e in enrolments
    }
    if request.method == "POST" and request.POST.get("action") == "pass_attended":
        try:
            changed = services.results_pass_attended(awareness_class=awareness_class, actor=request.user)
        except services.TrainingError as exc:
            for reason in exc.reasons:
                messages.error(request, reason)
            for pk_, reasons in exc.rows.items():
                errors[pk_] = reasons
        else:
            messages.success(request, _("Results saved (%(count)s changed).") % {"count": changed})
            return redirect("training:class_results", pk=pk)
    elif request.method == "POST":
        rows = {}
        for e in enrolments:
            raw = request.POST.get(f"score-{e.pk}", "")
            result = request.POST.get(f"result-{e.pk}", e.result)
            if result == e.result and raw.strip() != _score_text(e.essay_score) and raw.strip():
                # A new score with the result left as it was: the result follows the score and the
                # attendance (the service computes it from uommam.rules), no second edit needed.
                result = EnrolmentResult.PENDING
            values[e.pk] = {"score": raw, "result": result}
            if result not in EnrolmentResult.values:
                errors[e.pk] = [_("Choose a result.")]
                continue
            try:
                score = parse_score(raw)
            except ValueError:
                errors[e.pk] = [_("“%(value)s” is not a score between 0 and 10.") % {"value": raw}]
                continue
            rows[e.pk] = services.ResultRow(essay_score=score, result=result)
        if not errors:
            try:
                changed = services.results_save(
                    awareness_class=awareness_class, actor=request.user, rows=rows, seen_at=_seen_at(request)
                )
            except StaleEdit as exc:
                conflicts = exc.current
                for other in conflicts:
                    errors[other.pk] = [
                        _("Changed meanwhile by %(who)s: now score %(score)s, %(result)s.")
                        % {
                            "who": other.updated_by or _("someone else"),
                            "score": _score_text(other.essay_score) or "–",
                            "result": other.get_result_display(),
                        }
                    ]
                messages.warning(
                    request,
                    _(
                        "Someone else changed results of this class after you opened the page; nothing was saved. "
                        "Their changes are shown in the marked rows, your entries are kept: check them and save again."
                    ),
                )
            except services.TrainingError as exc:
                errors = exc.rows
                for reason in exc.reasons:
                    messages.error(request, reason)
            else:
                messages.success(request, _("Results saved (%(count)s changed).") % {"count": changed})
                return redirect("training:class_detail", pk=pk)
        else:
            messages.error(request, _("Some rows need correcting; nothing was saved."))
    held, attended = services.attendance_counts(awareness_class, timezone.localdate())
    settings = rules_settings()
    context = {
        "c": awareness_class,
        "enrolments": enrolments,
        "values": values,
        "errors": errors,
        "result_choices": EnrolmentResult.choices,
        "held": held,
        # Absences beside each result; a row short of the minimum attendance is marked.
        "absences": {e.pk: held - attended.get(e.pk, 0) for e in enrolments},
        "short": {
            e.pk for e in enrolments if not rules.attendance_sufficient(attended.get(e.pk, 0), held, settings=settings)
        },
        "pass_mark": rules.class_pass_mark(settings),
        "min_attendance": settings.class_min_attendance_percent,
        "result_source": rules.citation_for(
            "class_result", on=awareness_class.ends_on, sets=rules_settings().regulation_sets
        ).text,
        "seen_at": timezone.now().isoformat(),
    }
    return render_page(request, "training/class_results.html", context)


def _score_text(score: Any) -> str:
    return "" if score is None else str(score).replace(".", ",")


@login_required
def class_certificates(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    awareness_class = _get_class(request, pk, manage=True)
    issuers = OrgUnit.objects.filter(
        pk__in=[awareness_class.certificate_issuer_id, awareness_class.organiser_id]
    ) | selectors.organisers_for(request.user)
    # Only bodies alive on some day between the class's last day and today may date a certificate.
    today = timezone.localdate()
    issuers = (
        issuers.filter(kind__in=authority.CLASS_BODY_KINDS)
        .filter(Q(active_until__isnull=True) | Q(active_until__gte=awareness_class.ends_on))
        .filter(Q(active_from__isnull=True) | Q(active_from__lte=today))
        .distinct()
        .order_by("path")
    )
    initial: dict[str, Any] = {
        "issued_on": min(max(awareness_class.ends_on, awareness_class.starts_on), timezone.localdate()),
        "issuer": awareness_class.certificate_issuer,
        "prefix": awareness_class.code,
        "start": 1,
    }
    form = CertificateIssueForm(request.POST or None, initial=initial, issuers=issuers)
    awaiting = services.awaiting_certificate(awareness_class)
    prefix = initial["prefix"]
    start = 1
    if form.is_bound and form.is_valid():
        prefix, start = form.cleaned_data["prefix"], form.cleaned_data["start"]
    proposed = services.proposed_numbers(awareness_class, prefix=prefix, start=start)
    numbers = dict(proposed)
    errors: dict[int, list[str]] = {}
    if request.method == "POST" and request.POST.get("action") == "issue" and form.is_valid():
        numbers = {e.pk: request.POST.get(f"number-{e.pk}", "").strip() for e in awaiting}
        try:
            issued = services.certificates_issue(
                awareness_class=awareness_class,
                actor=request.user,
                issued_on=form.cleaned_data["issued_on"],
                issuer=form.cleaned_data["issuer"],
                numbers=numbers,
            )
        except services.TrainingError as exc:
            errors = exc.rows
            for reason in exc.reasons:
                messages.error(request, reason)
        else:
            messages.success(request, _("%(count)s certificates were issued.") % {"count": len(issued)})
            return redirect("training:class_detail", pk=pk)
    context = {
        "c": awareness_class,
        "form": form,
        "awaiting": awaiting,
        "numbers": numbers,
        "errors": errors,
    }
    return render_page(request, "training/class_certificates.html", context, partial="numbers")


@login_required
def class_roster_print(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    awareness_class = _get_class(request, pk)
    context = {
        "c": awareness_class,
        "roster": selectors.roster(awareness_class=awareness_class, user=request.user),
        "today": timezone.localdate(),
        "kind": "roster",
    }
    journal_print(request, obj_or_label=awareness_class, unit=awareness_class.organiser)
    return render_page(request, "training/print_list.html", context)


@login_required
def class_certificate_list_print(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    awareness_class = _get_class(request, pk)
    context = {
        "c": awareness_class,
        "roster": selectors.roster(awareness_class=awareness_class, user=request.user).exclude(certificate_number=""),
        "today": timezone.localdate(),
        "kind": "certificates",
        "validity_months": _validity_months(awareness_class),
    }
    journal_print(request, obj_or_label=awareness_class, unit=awareness_class.organiser)
    return render_page(request, "training/print_list.html", context)
