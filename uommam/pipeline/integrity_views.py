"""The committee page "Kiểm tra dữ liệu": every stored record under the committee that breaks a rule
of the integrity table (time order, plausible dates, a body alive on the date of its act), each with a
link to the page where it is corrected. The same list as `manage.py check_records --unit CODE`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from uommam.core import integrity
from uommam.core.http import render_page
from uommam.orgs.access import CHECK_RECORDS
from uommam.orgs.capabilities import may_somewhere, units_with
from uommam.orgs.models import OrgUnit
from uommam.orgs.scope import is_admin
from uommam.orgs.tree import subtree_prefixes

if TYPE_CHECKING:
    pass


MAX_SHOWN = 500  # a page, not a dump: the command lists everything


@login_required
def check_records(request: HttpRequest) -> HttpResponse:
    if not may_somewhere(request.user, CHECK_RECORDS, OrgUnit):
        raise PermissionDenied
    prefixes: list[str] | None
    if is_admin(request.user):
        prefixes = None
    else:
        prefixes = [p for unit in units_with(request.user, CHECK_RECORDS, OrgUnit) for p in subtree_prefixes(unit)]
    problems = []
    for problem in integrity.stored_problems(unit_prefixes=prefixes):
        problems.append(problem)
        if len(problems) > MAX_SHOWN:
            break
    context = {
        "problems": problems[:MAX_SHOWN],
        "more": len(problems) > MAX_SHOWN,
        "rules": integrity.TABLE,
    }
    return render_page(request, "pipeline/check_records.html", context)
