"""Subtrees across the 2025 reorganisation.

A unit's scope is its current subtree plus the subtrees of units that were once its children
(kept in `UnitParentPeriod`): the closed Chiêm Hóa district committee still answers for the
schools it supervised until 30/06/2025, whose parent is now a commune committee.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q

from .models import OrgUnit, UnitParentPeriod

# The instance attribute holding a unit's prefixes: uommam/accounts/sharedpage.py keeps it with the cached roles.
SUBTREE_PREFIXES = "_subtree_prefixes"


def subtree_prefixes(unit: OrgUnit) -> list[str]:
    """Path prefixes covering the unit's current and former descendants (cached on the instance)."""
    cached: list[str] | None = getattr(unit, SUBTREE_PREFIXES, None)
    if cached is None:
        cached = _compute_prefixes(unit)
        setattr(unit, SUBTREE_PREFIXES, cached)  # a per-instance cache, not a field
    return cached


def _compute_prefixes(unit: OrgUnit) -> list[str]:
    prefixes = [unit.path]
    frontier = [unit.path]
    seen = {unit.path}
    # Each round follows former parent links from inside the covered area; the tree is shallow
    # (province → commune → school → cell), so this ends after a few cheap queries.
    while frontier:
        covered = reduce(or_, (Q(parent__path__startswith=p) for p in frontier))
        moved_out = (
            UnitParentPeriod.objects.filter(covered, valid_until__isnull=False)
            .values_list("unit__path", flat=True)
            .distinct()
        )
        frontier = [p for p in moved_out if p not in seen and not any(p.startswith(s) for s in prefixes)]
        seen.update(frontier)
        prefixes.extend(frontier)
    return prefixes


def path_q(field: str, unit: OrgUnit) -> Q:
    """`field__startswith` any of the unit's subtree prefixes, e.g. path_q("school__path", unit)."""
    return reduce(or_, (Q(**{f"{field}__startswith": prefix}) for prefix in subtree_prefixes(unit)))
