"""The organisation tree and one unit's page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import timezone

from uommam.core.http import render_page

from .models import OrgUnit
from .scope import get_visible_or_404, visible

if TYPE_CHECKING:
    from uommam.core.requests import AuthenticatedHttpRequest


@login_required
def unit_tree(request: AuthenticatedHttpRequest) -> HttpResponse:
    show_closed = request.GET.get("closed") == "1"
    visible_units = visible(OrgUnit.objects.select_related("successor", "superior_committee"), request.user)
    if not show_closed:
        visible_units = visible_units.active_on(timezone.localdate())
    units = list(visible_units.order_by("path"))
    base_depth = min((u.depth for u in units), default=0)
    rows = [{"unit": u, "indent": u.depth - base_depth} for u in units]
    return render_page(request, "orgs/tree.html", {"rows": rows, "show_closed": show_closed})


@login_required
def unit_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    unit = get_visible_or_404(
        OrgUnit.objects.select_related("parent", "successor", "superior_committee", "school"), request.user, pk
    )
    children = visible(unit.children.all(), request.user).order_by("kind", "sort_key")
    periods = unit.parent_periods.select_related("parent")
    predecessors = visible(unit.predecessors.all(), request.user)
    return render_page(
        request,
        "orgs/unit_detail.html",
        {"unit": unit, "children": children, "periods": periods, "predecessors": predecessors},
    )
