"""Report pages: the dashboard, the monthly review, name lists, targets, and the downloads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from uommam.core.xlsx import XLSX_CONTENT_TYPE

if TYPE_CHECKING:
    from uommam.accounts.models import User
    from uommam.core.requests import AuthenticatedHttpRequest

import json
from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uommam.audit.downloads import PurposeForm, ask_purpose, journal_print
from uommam.audit.services import audit_download
from uommam.core import pagecache
from uommam.core.errors import StaleEdit
from uommam.core.http import render_page
from uommam.core.office import DOCX_CONTENT_TYPE
from uommam.documents.issuing import issuing_unit, may_issue
from uommam.documents.models import GeneratedDocument
from uommam.orgs.access import SET_TARGET
from uommam.orgs.capabilities import permitted
from uommam.orgs.models import OrgUnit
from uommam.orgs.roles import READ_ONLY_ROLES
from uommam.orgs.scope import assignments, is_admin, scope_key, visible
from uommam.vn.dates import format_vn
from uommam.vn.school_year import school_year_bounds

from . import documents, review_exports, services
from .exporters import FunnelExporter, NameListExporter
from .forms import NameListForm, PeriodForm, ReviewForm, TargetForm
from .funnel import (
    LABELS,
    TARGET_UNIT_KINDS,
    Funnel,
    compute_funnel,
    school_year_of,
    target_actuals,
)
from .models import Target
from .reading import readable_review, readable_rows
from .selectors import default_unit, report_units, sympathiser_review
from .selectors import name_list as select_names


def _unit_for(request: AuthenticatedHttpRequest, raw: Any) -> OrgUnit:
    """The unit asked for, if the user may report on it (404 otherwise), else their default unit."""
    if raw:
        try:
            return report_units(request.user).get(pk=int(raw))
        except (OrgUnit.DoesNotExist, ValueError, TypeError):
            raise Http404 from None
    unit = default_unit(request.user)
    if unit is None:
        raise PermissionDenied
    return unit


def _period_funnel(
    request: AuthenticatedHttpRequest, source: QueryDict | None = None
) -> tuple[PeriodForm, Funnel, str, str]:
    """The funnel the filters ask for (GET, or the issue form's POST): the unit in the user's scope,
    the period, the cut-off and the optional "as recorded on"."""
    source = source if source is not None else request.GET
    form = PeriodForm(source or None)
    unit = _unit_for(request, source.get("unit"))
    date_from, date_to, as_of, year = form.period()
    recorded_on = form.recorded_date()
    # The unit is in the user's scope (checked above); the counts cover the people this viewer may read
    # (a receiving officer sees fewer), so the key carries the viewer's scope. Cached until the next write.
    funnel = pagecache.cached(
        "funnel",
        (unit.pk, date_from, date_to, as_of, recorded_on, scope_key(request.user)),
        lambda: compute_funnel(
            unit=unit, date_from=date_from, date_to=date_to, as_of=as_of, recorded_on=recorded_on, reader=request.user
        ),
    )
    fields: dict[str, str | int] = {
        "unit": unit.pk,
        "date_from": date_from.isoformat(),
        "date_to": date_to.isoformat(),
        "as_of": as_of.isoformat(),
    }
    if recorded_on is not None:
        fields["recorded_on"] = recorded_on.isoformat()
    return form, funnel, urlencode(fields), year


def read_only(user: User) -> bool:
    """Only read-only roles (a viewer): such a user downloads issued documents, nothing else."""
    if is_admin(user):
        return False
    roles = {a.role for a in assignments(user)}
    return not roles or roles <= READ_ONLY_ROLES


def _refuse_read_only(request: AuthenticatedHttpRequest) -> None:
    if read_only(request.user):
        raise PermissionDenied


def _charts(funnel: Funnel) -> dict[str, str]:
    """Chart data as JSON strings for the canvases' data-chart attributes (HTMX drops <script>
    elements from swapped fragments, so the data travels in an attribute, escaped by the template)."""
    return {name: json.dumps(data, ensure_ascii=False) for name, data in _chart_data(funnel).items()}


def _chart_data(funnel: Funnel) -> dict[str, Any]:
    steps = funnel.stage_rows()
    trend_keys = ("certified", "admitted")
    return {
        "funnel": {
            "labels": [str(label) for _k, label, _v in steps],
            "series": [{"label": _("Students"), "data": [v for *_x, v in steps]}],
        },
        "trend": {
            "labels": [row.label for row in funnel.by_year],
            "series": [{"label": str(LABELS[k]), "data": [row.get(k) for row in funnel.by_year]} for k in trend_keys],
        },
        "schools": {
            "labels": [row.label for row in funnel.by_school],
            "series": [{"label": str(LABELS[k]), "data": [row.get(k) for row in funnel.by_school]} for k in trend_keys],
        },
    }


def _units_choice(request: AuthenticatedHttpRequest, unit: OrgUnit) -> list[dict[str, Any]]:
    """The unit selector: indented by depth, closed units marked with their last day."""
    units = list(report_units(request.user).only("pk", "name", "depth", "path", "active_until"))
    top = min((u.depth for u in units), default=0)
    choices = []
    for u in units:
        label = " " * (u.depth - top) + u.name
        if u.active_until:
            label += " " + _("(closed %(day)s)") % {"day": format_vn(u.active_until)}
        choices.append({"pk": u.pk, "label": label})
    return choices


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, funnel, query, year = _period_funnel(request)
    context = {
        "form": form,
        "year": year,
        "funnel": funnel,
        "query": query,
        "download_fields": list(QueryDict(query).items()),
        "purpose_form": PurposeForm(),
        # The issuing form asks for its own purpose: its fields need ids of their own on the same page.
        "issue_purpose_form": PurposeForm(auto_id="id_issue_%s"),
        "units": _units_choice(request, funnel.unit),
        "charts": _charts(funnel),
        "target_admit_progress": _progress(
            funnel.targets.get("admitted_in_those_years"), funnel.targets.get("students_to_admit")
        ),
        "target_class_progress": _progress(
            funnel.targets.get("enrolled_in_those_years"), funnel.targets.get("students_to_class")
        ),
        "issuer": issuing_unit(funnel.unit, timezone.localdate()),
        "can_issue": may_issue(request.user, issuing_unit(funnel.unit, timezone.localdate())),
        "can_draft": not read_only(request.user),
    }
    return render_page(request, "reports/dashboard.html", context, partial="report")


def _progress(done: int | None, target: int | None) -> float | None:
    return (done or 0) / target if target else None


@login_required
def monthly_review(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ReviewForm(request.GET or None)
    unit = _unit_for(request, request.GET.get("unit"))
    start, end = form.window()
    review = readable_review(sympathiser_review(unit=unit, date_from=start, date_to=end), request.user)
    sections = [
        (_("Added to the list"), review.added, "added"),
        (_("Moved on (class, certificate)"), review.moved_on, "moved-on"),
        (_("Back from the class without a certificate"), review.returned, "returned"),
        (_("Left the list"), review.left, "left"),
    ]
    context = {
        "form": form,
        "review": review,
        "sections": sections,
        "units": _units_choice(request, unit),
        "month": f"{start:%Y-%m}",
        "purpose_form": PurposeForm(),
        "can_download": not read_only(request.user),
    }
    return render_page(request, "reports/review.html", context, partial="review")


@login_required
def name_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = NameListForm(request.GET or None)
    unit = _unit_for(request, request.GET.get("unit"))
    date_from, date_to, as_of, year = form.period()
    stage = (form.cleaned_data.get("stage") if form.is_valid() else "") or "certified"
    recorded_on = form.recorded_date()
    rows = readable_rows(
        select_names(
            unit=unit, stage=stage, date_from=date_from, date_to=date_to, as_of=as_of, recorded_on=recorded_on
        ),
        request.user,
    )
    fields: dict[str, str | int] = {
        "unit": unit.pk,
        "stage": stage,
        "date_from": date_from.isoformat(),
        "date_to": date_to.isoformat(),
        "as_of": as_of.isoformat(),
    }
    if recorded_on is not None:
        fields["recorded_on"] = recorded_on.isoformat()
    query = urlencode(fields)
    context = {
        "form": form,
        "unit": unit,
        "rows": rows,
        "stage": stage,
        "stage_label": LABELS[stage],
        "date_from": date_from,
        "date_to": date_to,
        "units": _units_choice(request, unit),
        "query": query,
    }
    journal_print(request, obj_or_label=f"names-{stage} {unit.code}", unit=unit)
    return render_page(request, "reports/names.html", context, partial="names")


def _settable_units(user: User) -> list[OrgUnit]:
    """Units strictly below a committee the user is an officer of (all units for an administrator)."""
    units = OrgUnit.objects.filter(kind__in=TARGET_UNIT_KINDS)
    return list(permitted(units, user, SET_TARGET).order_by("path"))


@login_required
def targets(request: AuthenticatedHttpRequest) -> HttpResponse:
    settable = _settable_units(request.user) if request.method == "POST" or request.user.is_authenticated else []
    form = TargetForm(request.POST or None, units=settable)
    if request.method == "POST":
        if not settable:
            raise PermissionDenied
        if form.is_valid():
            unit = next(u for u in settable if u.pk == form.cleaned_data["unit"])
            try:
                services.target_set(
                    unit=unit,
                    school_year=form.cleaned_data["school_year"],
                    students_to_class=form.cleaned_data["students_to_class"],
                    students_to_admit=form.cleaned_data["students_to_admit"],
                    actor=request.user,
                    seen_at=form.cleaned_data.get("seen_at"),
                )
            except StaleEdit as exc:
                # Keep what the user typed (the bound form) and show the target as it now stands.
                kept = cast(QueryDict, form.data).copy()  # a bound form's data is the request's QueryDict
                kept["seen_at"] = timezone.now().isoformat()
                form.data = kept
                form.add_error(
                    None,
                    _(
                        "Someone else changed this target while you were editing: it is now %(to_class)s to the "
                        "class and %(to_admit)s to admit. Your figures are kept below; save again to replace it."
                    )
                    % {"to_class": exc.current.students_to_class, "to_admit": exc.current.students_to_admit},
                )
            else:
                messages.success(request, _("The target was saved."))
                return redirect("reports:targets")
    rows = list(
        visible(Target.objects.select_related("unit", "set_by"), request.user).order_by("-school_year", "unit__path")
    )
    # The actual of each target: its own unit's subtree over its own school year, as of today. It
    # depends on nothing else, so every user who sees the target sees the same figure.
    today = timezone.localdate()
    actuals: dict[tuple[int, str], tuple[int, int]] = {}
    for target in rows:
        key = (target.unit_id, target.school_year)
        if key not in actuals:
            year = school_year_of(school_year_bounds(target.school_year)[0])
            actuals[key] = target_actuals(target.unit, [year], today)[None]
        target.progress = actuals[key]  # type: ignore[attr-defined]  # display value for the template
    context = {"form": form, "targets": rows, "can_set": bool(settable)}
    return render_page(request, "reports/targets.html", context)


# --- Downloads ------------------------------------------------------------------------------


def _journal(request: AuthenticatedHttpRequest, unit: OrgUnit, what: Any, purpose: str) -> None:
    """The download with the purpose the user gave; `what` is a label or the issued document."""
    audit_download(actor=request.user, obj_or_label=what, purpose=purpose, unit=unit)


def _attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _period_note(funnel: Funnel) -> str:
    note = f"{format_vn(funnel.date_from)}–{format_vn(funnel.date_to)} as of {format_vn(funnel.as_of)}"
    if funnel.recorded_on is not None:
        note += f" recorded by {format_vn(funnel.recorded_on)}"
    return note


@login_required
def export_funnel_xlsx(request: AuthenticatedHttpRequest) -> HttpResponse:
    _refuse_read_only(request)
    _form, funnel, _q, _y = _period_funnel(request)
    label = f"funnel.xlsx {funnel.unit.code} {_period_note(funnel)}"
    purpose = ask_purpose(request, label=label)
    if isinstance(purpose, HttpResponse):
        return purpose
    exporter = FunnelExporter(funnel)
    content = exporter.render()
    _journal(request, funnel.unit, label, purpose)
    return _attachment(content, exporter.filename, XLSX_CONTENT_TYPE)


@login_required
def export_names_xlsx(request: AuthenticatedHttpRequest) -> HttpResponse:
    _refuse_read_only(request)
    form = NameListForm(request.GET or None)
    unit = _unit_for(request, request.GET.get("unit"))
    date_from, date_to, as_of, _year = form.period()
    stage = (form.cleaned_data.get("stage") if form.is_valid() else "") or "certified"
    label = f"names-{stage}.xlsx {unit.code} {format_vn(date_from)}–{format_vn(date_to)}"
    purpose = ask_purpose(request, label=label)
    if isinstance(purpose, HttpResponse):
        return purpose
    rows = readable_rows(
        select_names(
            unit=unit, stage=stage, date_from=date_from, date_to=date_to, as_of=as_of, recorded_on=form.recorded_date()
        ),
        request.user,
    )
    title = f"Danh sách học sinh – {LABELS[stage]} – từ {format_vn(date_from)} đến {format_vn(date_to)}"
    exporter = NameListExporter(rows, title=title, unit_name=unit.name, filename=f"danh-sach-{unit.code}-{stage}.xlsx")
    content = exporter.render()
    _journal(request, unit, label, purpose)
    return _attachment(content, exporter.filename, XLSX_CONTENT_TYPE)


def _document_name(document: Any, extension: str) -> str:
    return f"bao-cao-{document.number_text.replace('/', '-')}.{extension}"


def _draft(request: AuthenticatedHttpRequest, extension: str) -> HttpResponse:
    """The report before issue: "DỰ THẢO", no number; nothing but the download's journal entry is
    written. Read-only roles download issued documents only."""
    _refuse_read_only(request)
    _form, funnel, _q, _y = _period_funnel(request)
    label = f"report.{extension} (dự thảo) {funnel.unit.code} {_period_note(funnel)}"
    purpose = ask_purpose(request, label=label)
    if isinstance(purpose, HttpResponse):
        return purpose
    if extension == "pdf":
        content, content_type = documents.report_draft_pdf(funnel), "application/pdf"
    else:
        content, content_type = documents.report_draft(funnel), DOCX_CONTENT_TYPE
    _journal(request, funnel.unit, label, purpose)
    return _attachment(content, f"du-thao-bao-cao-{funnel.unit.code}.{extension}", content_type)


@login_required
def report_docx(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _draft(request, "docx")


@login_required
def report_pdf(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _draft(request, "pdf")


@login_required
@require_POST
def report_issue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Issue the report (an authorised officer of the issuing body, with a purpose): the next number
    of the body's series, the files stored; then the list of issued reports."""
    _form, funnel, _q, _y = _period_funnel(request, request.POST)
    issuer = issuing_unit(funnel.unit, timezone.localdate())
    if not may_issue(request.user, issuer):
        raise PermissionDenied
    purpose = ask_purpose(request, label=f"issue report {funnel.unit.code} {_period_note(funnel)}")
    if isinstance(purpose, HttpResponse):
        return purpose
    document = documents.report_issue(funnel=funnel, actor=request.user, reason=purpose, with_pdf=True)
    messages.success(request, _("The report was issued as No. %(number)s.") % {"number": document.number_text})
    return redirect(f"{reverse('reports:documents')}?{urlencode({'unit': issuer.pk})}")


def _issued_visible(request: AuthenticatedHttpRequest) -> QuerySet[GeneratedDocument]:
    """Issued reports whose issuing body the user may report on."""
    return documents.issued_reports().filter(unit__in=report_units(request.user))


@login_required
def issued_documents(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = list(_issued_visible(request).select_related("unit", "created_by").order_by("-issued_on", "-number"))
    for row in rows:
        # Marked, never changed: the file stays as issued; the figures that moved since are shown beside it.
        row.corrections = [  # type: ignore[attr-defined]  # shown beside the row, not a model field
            (LABELS.get(key, _("Classes")), issued, now)
            for key, (issued, now) in documents.report_corrections(row).items()
        ]
    context = {"documents": rows, "purpose_form": PurposeForm()}
    return render_page(request, "reports/documents.html", context)


@login_required
def issued_download(request: AuthenticatedHttpRequest, pk: int, extension: str) -> HttpResponse:
    """An issued report, byte for byte as issued (read-only roles included)."""
    document = _issued_visible(request).filter(pk=pk).select_related("unit").first()
    if document is None:
        raise Http404
    purpose = ask_purpose(request, label=f"{document.number_text}.{extension}")
    if isinstance(purpose, HttpResponse):
        return purpose
    if extension == "pdf":
        content, content_type = documents.report_pdf(document), "application/pdf"
    else:
        content, content_type = documents.report_docx(document), DOCX_CONTENT_TYPE
    _journal(request, document.unit, document, purpose)
    return _attachment(content, _document_name(document, extension), content_type)


REVIEW_FORMATS = {
    "xlsx": XLSX_CONTENT_TYPE,
    "docx": DOCX_CONTENT_TYPE,
    "pdf": "application/pdf",
}


@login_required
def export_review(request: AuthenticatedHttpRequest, extension: str) -> HttpResponse:
    """The monthly review as .xlsx, .docx or .pdf (journaled with its purpose; not for read-only roles)."""
    _refuse_read_only(request)
    form = ReviewForm(request.GET or None)
    unit = _unit_for(request, request.GET.get("unit"))
    start, end = form.window()
    label = f"review.{extension} {unit.code} {start:%m/%Y}"
    purpose = ask_purpose(request, label=label)
    if isinstance(purpose, HttpResponse):
        return purpose
    review = readable_review(sympathiser_review(unit=unit, date_from=start, date_to=end), request.user)
    if extension == "xlsx":
        content = review_exports.ReviewExporter(review).render()
    elif extension == "docx":
        content = review_exports.review_docx(review)
    else:
        content = review_exports.review_pdf(review)
    _journal(request, unit, label, purpose)
    return _attachment(content, f"ra-soat-{unit.code}-{start:%Y-%m}.{extension}", REVIEW_FORMATS[extension])
