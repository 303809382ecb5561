"""The top-level navigation, in the order product.md gives. An entry shows once its app's URL
exists and the user holds one of its roles (None: every logged-in user). An entry may name a
`badge`: the dotted path of a function `(user) -> int` whose non-zero result is shown beside it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from uommam.core import pagecache


@dataclass(frozen=True)
class NavItem:
    key: str
    label: Promise
    url_name: str
    roles: tuple[str, ...] | None = None
    badge: str | None = None


NAV_ITEMS = (
    NavItem("todo", _("To do"), "core:home"),
    NavItem("people", _("Students"), "people:list"),
    NavItem("pipeline", _("Member development"), "pipeline:index"),
    NavItem("training", _("Awareness classes"), "training:class_list"),
    NavItem("referrals", _("Referrals"), "referrals:index", badge="uommam.referrals.selectors.inbox_count"),
    NavItem("reports", _("Reports"), "reports:dashboard"),
    NavItem("orgs", _("Organisation"), "orgs:tree"),
    NavItem("admin", _("Administration"), "admin:index", roles=("admin",)),
)

# The account menu at the right of the header.
ACCOUNT_ITEMS = (
    NavItem("password", _("Change password"), "password_change"),
    NavItem("second_factor", _("Two-step login"), "otp_setup", roles=("admin", "committee_officer")),
    NavItem("audit", _("Change journal"), "audit:list", roles=("admin", "committee_officer")),
)


def nav_for(user: Any, current_path: str, entries: tuple[NavItem, ...] = NAV_ITEMS) -> list[dict[str, Any]]:
    from uommam.orgs.scope import has_role

    items = []
    for item in entries:
        if item.roles is not None and not (has_role(user, *item.roles) or getattr(user, "is_staff", False)):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue  # that app is not installed in this deployment
        active = current_path.startswith(url) if url != "/" else current_path == "/"
        badge = _badge(item, user) if item.badge else None
        items.append({"key": item.key, "label": item.label, "url": url, "active": active, "badge": badge or None})
    return items


def _badge(item: NavItem, user: Any) -> int:
    """The item's count for the user's scope, shared by the officers of the scope until the next write
    (uommam/core/pagecache.py): the header of every page shows it."""
    from uommam.orgs.scope import scope_key

    count = import_string(str(item.badge))
    return int(pagecache.cached(f"badge:{item.key}", (scope_key(user),), lambda: count(user)))
