"""The one place that decides what a user may see and change.

Every app registers (through `uommam.orgs.capabilities.register`), per model and per role, a
function turning one role assignment into a `Q` over that model ("a cell secretary sees the
students of the cell's school"), and what the role may do there. Every read
then starts from `visible(queryset, user)`; every view fetches its object through
`get_visible_or_404`, which answers 404 outside the user's scope and 403 inside it when the
user's roles there are read-only.

Apps lower in the dependency order never import higher ones: the training app registers how
a political-centre officer sees people, the referrals app how a receiving officer does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

from .models import OrgUnit, Role, RoleAssignment
from .roles import READ_ONLY_ROLES

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from uommam.accounts.models import User

M = TypeVar("M", bound=models.Model)
# A queryset keeps its own class (OrgUnitQuerySet, CandidateQuerySet…) through the scope filter.
QS = TypeVar("QS", bound=models.QuerySet[Any])
ScopeProvider = Callable[[RoleAssignment], Q]

_providers: dict[tuple[type[models.Model], str], ScopeProvider] = {}

NOTHING = Q(pk__in=[])


def register(model: type[models.Model], role: str, provider: ScopeProvider) -> None:
    """Declare how holders of `role` see rows of `model`; apps call `uommam.orgs.capabilities.register`."""
    _providers[(model, role)] = provider


def assignments(user: User | AnonymousUser) -> list[RoleAssignment]:
    """The user's active role assignments, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_uommam_assignments", None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.filter(user=cast("User", user), active=True).select_related(
                "unit", "unit__school", "unit__superior_committee"
            )
        )
        remember_assignments(user, cached)
    return cached


def remember_assignments(user: User | AnonymousUser, held: list[RoleAssignment]) -> None:
    """Give `assignments(user)` its answer for this request (read once, or from a cache that knows it)."""
    setattr(user, "_uommam_assignments", held)  # noqa: B010 - a per-request cache, not a model attribute


def is_admin(user: User | AnonymousUser) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser) or any(a.role == Role.ADMIN for a in assignments(user))


def has_role(user: User | AnonymousUser, *roles: str) -> bool:
    return is_admin(user) or any(a.role in roles for a in assignments(user))


def scope_q(model: type[models.Model], user: User | AnonymousUser, roles: Iterable[str] | None = None) -> Q | None:
    """The filter for rows of `model` the user may see; None means "everything" (administrator)."""
    if is_admin(user):
        return None
    wanted = set(roles) if roles is not None else None
    combined = NOTHING
    for assignment in assignments(user):
        if wanted is not None and assignment.role not in wanted:
            continue
        provider = _providers.get((model, assignment.role))
        if provider is not None:
            combined |= provider(assignment)
    return combined


def visible(
    queryset: QS, user: User | AnonymousUser, roles: Iterable[str] | None = None, *, distinct: bool = True
) -> QS:
    """The rows of `queryset` the user may see, each once; `distinct=False` leaves the copies a scope's joins
    make (for a caller that filters one primary key and takes the first row).

    Each once through `pk IN (rows the scope reaches)`, not `DISTINCT`: a DISTINCT over every selected column
    (a few hundred with select_related) costs PostgreSQL more to plan than to run, keeps an index from serving
    the ORDER BY and LIMIT of a page of a list, and would count a row once per join copy under a later
    GROUP BY. The sub-query asks only the scope; the outer query keeps its own filters, order and joins."""
    q = scope_q(queryset.model, user, roles)
    if q is None:
        return queryset
    if q is NOTHING:
        return queryset.none()
    return each_once(queryset, q) if distinct else queryset.filter(q)


def each_once(queryset: QS, q: Q) -> QS:
    """The rows of `queryset` that `q` reaches, each once however many ways `q`'s joins reach it."""
    return queryset.filter(pk__in=queryset.model._base_manager.filter(q).values("pk"))


def writable(queryset: QS, user: User | AnonymousUser, write_roles: Iterable[str]) -> QS:
    """Rows the user may change through one of `write_roles` (the registry's "change" capability)."""
    from .capabilities import CHANGE, permitted  # the registry builds on this module

    return permitted(queryset, user, CHANGE, roles=[r for r in write_roles if r not in READ_ONLY_ROLES])


def may_change(user: User | AnonymousUser, obj: models.Model, write_roles: Iterable[str]) -> bool:
    """Whether `user` may change the row `obj` through one of `write_roles` (`writable`), for a page that
    shows its buttons. Asked once per request for each set of the user's roles that applies: the answer
    follows from those assignments alone, so a student's page asking for the record and for its consent
    (the cell secretary holds the same role for both) reads the database once."""
    applying = frozenset(a.pk for a in assignments(user) if a.role in write_roles and a.role not in READ_ONLY_ROLES)
    memo: dict[tuple[str, Any, frozenset[int]], bool] | None = getattr(user, "_uommam_may_change", None)
    if memo is None:
        memo = {}
        setattr(user, "_uommam_may_change", memo)  # noqa: B010 - a per-request cache, not a model attribute
    key = (obj._meta.label_lower, obj.pk, applying)
    if key not in memo:
        memo[key] = writable(type(obj)._default_manager.filter(pk=obj.pk), user, write_roles).exists()
    return memo[key]


def get_visible_or_404(
    queryset: models.QuerySet[M], user: User | AnonymousUser, pk: Any, *, write_roles: Iterable[str] | None = None
) -> M:
    """Fetch one row the user may see (else 404); with `write_roles`, one they may change (else 403)."""
    try:
        obj = _visible_row(queryset, user, pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if (
        write_roles is not None
        and not writable(queryset.model._default_manager.filter(pk=obj.pk), user, write_roles).exists()
    ):
        raise PermissionDenied
    return obj


def _visible_row(queryset: models.QuerySet[M], user: User | AnonymousUser, pk: Any) -> M:
    """The row `pk` of `queryset` if the scope lets the user see it.

    Not `visible(...).get()`: its DISTINCT over every selected column (with select_related, a few hundred)
    costs PostgreSQL far more to plan than to run, on every record page. Filtering one primary key, the
    only duplicates the scope's joins can make are copies of that same row, so the first one is the answer."""
    found = list(visible(queryset.filter(pk=pk), user, distinct=False).order_by()[:1])
    if not found:
        raise ObjectDoesNotExist
    return found[0]


def require_role(user: User | AnonymousUser, *roles: str) -> None:
    """For pages that are not about one object: 403 unless the user holds one of `roles`."""
    if not has_role(user, *roles):
        raise PermissionDenied


def units_for_role(user: User | AnonymousUser, *roles: str) -> list[OrgUnit]:
    return [a.unit for a in assignments(user) if a.role in roles]


def scope_key(user: User | AnonymousUser) -> str:
    """The viewer's scope as a cache key part (uommam.core.pagecache): roles and units, the same for
    officers of one unit."""
    if is_admin(user):
        return "admin"
    held = sorted(f"{a.role}@{a.unit_id}" for a in assignments(user))
    return "staff:" * bool(getattr(user, "is_staff", False)) + ",".join(held)
