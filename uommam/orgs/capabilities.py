"""Who may do what, in one registry: per kind of record and per role, what a role may read and act on.

Every app declares, from its AppConfig.ready() (through its `scopes` module):

    register(Referral, Role.RECEIVING_OFFICER,
             read=addressed_to_unit, act={RECEIVE: addressed_to_unit})

A provider turns one role assignment into a `Q` over the model ("a receiving officer acts on the
referrals addressed to their unit"). Then views, services, report selectors, exports and imports ask:

- `may(user, capability, obj)` – may this user do that to this record?
- `permitted(queryset, user, capability)` – the records of a list they may do it to;
- `may_somewhere(user, capability, model)` – for pages not about one record (a send form, an inbox).

Reading goes through the same registry: `read=` is what `uommam.orgs.scope.visible` applies, so
a role's reports, exports and object pages all answer from the same rule. Administrators may
everything. `docs/access.md` is generated from this registry (`manage.py access_matrix`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.db.models import Q

from . import scope
from .models import RoleAssignment
from .roles import READ_ONLY_ROLES

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from uommam.accounts.models import User

QS = TypeVar("QS", bound=models.QuerySet[Any])
Provider = Callable[[RoleAssignment], Q]

# The capabilities every kind of record has; apps add their own names (see their scopes modules).
READ = "read"
CHANGE = "change"


def NEVER(assignment: RoleAssignment) -> Q:  # noqa: N802  (a constant in use: `act={CHANGE: NEVER}`)
    """Nobody in this role (a refusal, stored as the absence of a rule)."""
    return scope.NOTHING


_acts: dict[tuple[type[models.Model], str, str], Provider] = {}
_descriptions: dict[str, str] = {READ: "see the record", CHANGE: "change the record"}


def register(
    model: type[models.Model],
    role: str,
    *,
    read: Provider | None = None,
    act: Mapping[str, Provider] | None = None,
) -> None:
    """Declare what holders of `role` may read and do with rows of `model`.

    Changing is declared like any other capability (`act={CHANGE: ...}`), never inferred from
    reading; `NEVER` removes a rule. A read-only role is refused every capability but reading."""
    if read is not None:
        scope.register(model, role, read)
    for capability, provider in (act or {}).items():
        if role in READ_ONLY_ROLES and provider is not NEVER:
            raise ValueError(f"{role} is read-only: it cannot be given {capability!r}")
        if provider is NEVER:
            _acts.pop((model, role, capability), None)
        else:
            _acts[(model, role, capability)] = provider


def describe(capability: str, text: str) -> str:
    """Name a capability for the generated access matrix; returns the capability."""
    _descriptions[capability] = text
    return capability


def _provider(model: type[models.Model], role: str, capability: str) -> Provider | None:
    if capability == READ:
        return scope._providers.get((model, role))
    return _acts.get((model, role, capability))


def capability_q(
    model: type[models.Model], user: User | AnonymousUser, capability: str, roles: Iterable[str] | None = None
) -> Q | None:
    """The rows of `model` on which `user` has `capability`; None means all (administrator)."""
    if scope.is_admin(user):
        return None
    wanted = set(roles) if roles is not None else None
    combined = scope.NOTHING
    for assignment in scope.assignments(user):
        if wanted is not None and assignment.role not in wanted:
            continue
        provider = _provider(model, assignment.role, capability)
        if provider is not None:
            combined |= provider(assignment)
    return combined


def permitted(queryset: QS, user: User | AnonymousUser, capability: str, roles: Iterable[str] | None = None) -> QS:
    """The rows of `queryset` on which `user` has `capability`."""
    q = capability_q(queryset.model, user, capability, roles)
    if q is None:
        return queryset
    if q is scope.NOTHING:
        return queryset.none()
    return scope.each_once(queryset, q)


def may(user: User | AnonymousUser, capability: str, obj: models.Model) -> bool:
    """Whether `user` has `capability` on the record `obj`."""
    if not getattr(user, "is_authenticated", False):
        return False
    q = capability_q(type(obj), user, capability)
    if q is None:
        return True
    if q is scope.NOTHING:
        return False
    return type(obj)._default_manager.filter(q, pk=obj.pk).exists()


def may_somewhere(user: User | AnonymousUser, capability: str, model: type[models.Model]) -> bool:
    """Whether `user` holds a role that has `capability` on some `model` rows (pages not about one record)."""
    if scope.is_admin(user):
        return True
    return any(_provider(model, a.role, capability) is not None for a in scope.assignments(user))


def units_with(user: User | AnonymousUser, capability: str, model: type[models.Model]) -> list[Any]:
    """The units of the user's assignments whose role has `capability` on `model`."""
    return [a.unit for a in scope.assignments(user) if _provider(model, a.role, capability) is not None]


def matrix() -> list[tuple[str, str, str, str]]:
    """(model label, capability, role, provider's first doc line or name) for every declared rule."""
    rows = [(model._meta.label, READ, role, _summary(provider)) for (model, role), provider in scope._providers.items()]
    rows += [(model._meta.label, cap, role, _summary(provider)) for (model, role, cap), provider in _acts.items()]
    return sorted(rows)


def descriptions() -> dict[str, str]:
    return dict(_descriptions)


def _summary(provider: Provider) -> str:
    doc = (provider.__doc__ or "").strip().splitlines()
    return doc[0] if doc else provider.__name__.strip("_").replace("_", " ")
