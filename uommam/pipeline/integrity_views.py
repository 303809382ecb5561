"""The committee page "Kiểm tra dữ liệu": every stored record under the committee that breaks a rule
of the integrity table (time order, plausible dates, a body alive on the date of its act), each with a
link to the page where it is corrected. The same list as `manage.py check_records --unit CODE`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse

from uommam.core import integrity
from uommam.core.http import render_page
from uommam.orgs.models import Role
from uommam.orgs.scope import is_admin, require_role, units_for_role
from uommam.orgs.tree import subtree_prefixes

if TYPE_CHECKING:
    from uommam.accounts.requests import AuthenticatedHttpRequest


MAX_SHOWN = 500  # a page, not a dump: the command lists everything


@login_required
def check_records(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_role(request.user, Role.COMMITTEE_OFFICER, Role.ADMIN)
    prefixes: list[str] | None
    if is_admin(request.user):
        prefixes = None
    else:
        prefixes = [p for unit in units_for_role(request.user, Role.COMMITTEE_OFFICER) for p in subtree_prefixes(unit)]
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
