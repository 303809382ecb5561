"""Plan pages: the cell's roadmaps (sortable by latest safe start) and the annual plan (draft, edit,
issue, download, compared with what happened). Each view: authorise → validate → one service → page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uommam.audit.downloads import ask_purpose
from uommam.audit.services import audit_download
from uommam.core.errors import StaleEdit
from uommam.core.office import DOCX_CONTENT_TYPE
from uommam.documents.rendering import ConversionFailed, LibreOfficeMissing
from uommam.documents.services import document_docx, document_pdf
from uommam.orgs.models import OrgUnit, UnitKind
from uommam.orgs.scope import get_visible_or_404, visible, writable
from uommam.vn.school_year import school_year_of

from . import services
from .forms import DraftForm, EntryForm, IssueForm, PlanTextForm
from .models import AnnualPlan, PlanEntry, PlanStatus
from .roadmaps import cell_roadmaps, sort_key_safe_start
from .scopes import PLAN_WRITE_ROLES
from .selectors import plan_units, plan_vs_actual

if TYPE_CHECKING:
    from uommam.accounts.models import User
    from uommam.core.requests import AuthenticatedHttpRequest

DOCX = DOCX_CONTENT_TYPE
SORTS = ("start", "name")


def _may_write(user: User, unit: OrgUnit) -> bool:
    return writable(OrgUnit.objects.filter(pk=unit.pk), user, PLAN_WRITE_ROLES).exists()


def _chosen_unit(request: AuthenticatedHttpRequest, units: QuerySet[OrgUnit]) -> OrgUnit:
    raw = request.GET.get("unit")
    if raw:
        try:
            return units.get(pk=int(raw))
        except (OrgUnit.DoesNotExist, ValueError, TypeError):
            raise Http404 from None
    writable_units = [u for u in units if _may_write(request.user, u)]
    unit = writable_units[0] if writable_units else units.first()
    if unit is None:
        raise PermissionDenied
    return unit


@login_required
def roadmaps(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The cell's students before the vote, each with the verdict of its roadmap; sortable by latest safe start."""
    today = timezone.localdate()
    cells = visible(OrgUnit.objects.filter(kind=UnitKind.CELL), request.user).order_by("sort_key")
    cell = _chosen_unit(request, cells)
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "start"
    items = cell_roadmaps(request.user, cell, today=today)
    if sort == "start":
        items.sort(key=sort_key_safe_start)
    else:
        items.sort(key=lambda i: (i.person.sort_key, i.candidate.pk))
    context = {"cells": cells, "cell": cell, "items": items, "sort": sort, "today": today}
    return render(request, "plans/roadmaps.html", context)


def _plan_page_url(unit: OrgUnit, school_year: str) -> str:
    query: dict[str, str | int] = {"unit": unit.pk, "school_year": school_year}
    return f"{reverse('plans:plan')}?{urlencode(query)}"


@login_required
def plan(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The unit's annual plan for a school year: its lines by month, compared with what happened."""
    today = timezone.localdate()
    units = plan_units(request.user)
    unit = _chosen_unit(request, units)
    draft_form = DraftForm(request.GET if "school_year" in request.GET else None)
    school_year = draft_form.cleaned_data["school_year"] if draft_form.is_valid() else school_year_of(today)
    current = AnnualPlan.objects.filter(unit=unit, school_year=school_year).first()
    can_write = _may_write(request.user, unit)
    context: dict[str, Any] = {
        "units": units,
        "unit": unit,
        "school_year": school_year,
        "plan": current,
        "can_write": can_write,
        "draft_form": DraftForm(initial={"school_year": school_year}),
        "today": today,
    }
    if current is not None:
        months, statuses = plan_vs_actual(current, as_of=today)
        context.update(
            {
                "months": months,
                "statuses": statuses,
                "editable": can_write and current.status == PlanStatus.DRAFT,
                "text_form": PlanTextForm(
                    initial={"purpose": current.purpose, "measures": current.measures, "version": current.version}
                ),
                "issue_form": IssueForm(today=today),
            }
        )
    return render(request, "plans/plan.html", context)


def _writable_unit(request: AuthenticatedHttpRequest, pk: Any) -> OrgUnit:
    return get_visible_or_404(plan_units(request.user), request.user, pk, write_roles=PLAN_WRITE_ROLES)


def _writable_plan(request: AuthenticatedHttpRequest, pk: int) -> AnnualPlan:
    current = get_object_or_404(AnnualPlan, pk=pk)
    _writable_unit(request, current.unit_id)
    return current


@login_required
@require_POST
def draft(request: AuthenticatedHttpRequest, unit_pk: int) -> HttpResponse:
    unit = _writable_unit(request, unit_pk)
    form = DraftForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("school_year", []):
            messages.error(request, str(error))  # an ErrorList yields its messages
        return redirect(_plan_page_url(unit, school_year_of(timezone.localdate())))
    school_year = form.cleaned_data["school_year"]
    try:
        services.plan_draft(unit=unit, school_year=school_year, actor=request.user, today=timezone.localdate())
    except services.PlanError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The plan was drafted from the students' roadmaps."))
    return redirect(_plan_page_url(unit, school_year))


@login_required
@require_POST
def text(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    current = _writable_plan(request, pk)
    form = PlanTextForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was saved: write both texts."))
    else:
        try:
            services.plan_text_update(
                plan=current,
                purpose=form.cleaned_data["purpose"],
                measures=form.cleaned_data["measures"],
                actor=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except StaleEdit:
            messages.error(
                request, _("Someone else changed the plan meanwhile; nothing was saved. Check and try again.")
            )
        except services.PlanError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Saved."))
    return redirect(_plan_page_url(current.unit, current.school_year))


@login_required
@require_POST
def entry(request: AuthenticatedHttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    current = _writable_plan(request, pk)
    line = get_object_or_404(PlanEntry, pk=entry_pk, plan=current)
    try:
        if request.POST.get("delete"):
            services.plan_entry_delete(entry=line, actor=request.user)
        else:
            form = EntryForm(request.POST)
            if not form.is_valid():
                for errors in form.errors.values():
                    for error in errors:
                        messages.error(request, str(error))  # an ErrorList yields its messages
                return redirect(_plan_page_url(current.unit, current.school_year))
            services.plan_entry_update(
                entry=line, month=form.cleaned_data["month"], note=form.cleaned_data["note"], actor=request.user
            )
    except services.PlanError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Saved."))
    return redirect(_plan_page_url(current.unit, current.school_year))


@login_required
@require_POST
def issue(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    current = _writable_plan(request, pk)
    form = IssueForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was issued: enter the date as dd/mm/yyyy."))
        return redirect(_plan_page_url(current.unit, current.school_year))
    try:
        issued = services.plan_issue(
            plan=current, actor=request.user, on=form.cleaned_data["on"], signer_name=form.cleaned_data["signer_name"]
        )
    except services.PlanError as exc:
        messages.error(request, str(exc))
    else:
        assert issued.document is not None
        messages.success(request, _("The plan was issued as %(number)s.") % {"number": issued.document.number_text})
    return redirect(_plan_page_url(current.unit, current.school_year))


@login_required
def download(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    current = get_object_or_404(AnnualPlan, pk=pk)
    get_visible_or_404(plan_units(request.user), request.user, current.unit_id)
    document = current.document
    if document is None or fmt not in ("docx", "pdf"):
        raise Http404
    purpose = ask_purpose(request, label=_("Plan %(number)s") % {"number": document.number_text})
    if isinstance(purpose, HttpResponse):
        return purpose
    if fmt == "docx":
        content, content_type = document_docx(document), DOCX
    else:
        try:
            content, content_type = document_pdf(document), "application/pdf"
        except (LibreOfficeMissing, ConversionFailed) as exc:
            messages.error(request, _("The PDF could not be produced: %(reason)s") % {"reason": exc})
            return redirect(_plan_page_url(current.unit, current.school_year))
    audit_download(actor=request.user, obj_or_label=document, purpose=purpose, unit=document.unit)
    response = HttpResponse(content, content_type=content_type)
    filename = f"ke-hoach-{document.number_text.replace('/', '-')}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
