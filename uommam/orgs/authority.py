"""Which bodies may sign an act on a date, from the tree's history.

`scope.py` answers "who may see and change which rows today"; this module answers the other
question an organisation department asks before signing: "was this body alive, and the right one,
on the date the act carries?" It reads the tree as it stood on that date — `active_from` /
`active_until`, the `successor` chain of units closed in the 2025 reorganisation, the parent
periods, each cell's deciding committee — so that:

- an admission decision or a recognition is signed by the cell's deciding committee in force on the
  decision date (the closed district committee for a decision of 2024, its successor for one of 2026);
- a class and its certificates belong to a political centre or a committee alive over the class dates;
- a referral is acted on by the receiving unit alive on the date (a closed unit passes to its
  successor, and the page says so).

A unit may still get records dated on or before its closing date entered late — that is history —
but never one dated after it. Every service that stores such an act asks `body_problem` (or one of
the helpers below), so pages, imports, the admin and commands obey the same rule.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from uommam.vn.dates import format_vn

from .models import COMMITTEE_KINDS, OrgUnit, UnitKind, UnitParentPeriod

# Who may run an awareness class and issue its certificates (domain.md §1: the district political
# centre before 07/2025, the provincial political school after; a committee may run one itself).
CLASS_BODY_KINDS = (UnitKind.POLITICAL_CENTRE, *COMMITTEE_KINDS)
MAX_CHAIN = 10  # successor chains are short (one reorganisation); the bound guards against a loop


def alive_on(unit: OrgUnit, on: date) -> bool:
    return unit.is_active_on(on)


def in_force(unit: OrgUnit, on: date) -> OrgUnit | None:
    """`unit` if it was alive on `on`, else the successor alive then (None if the chain has no such unit)."""
    current: OrgUnit | None = unit
    for _step in range(MAX_CHAIN):
        if current is None:
            return None
        if current.is_active_on(on):
            return current
        if current.active_until is not None and on > current.active_until:
            current = current.successor
            continue
        return None
    return None


def parent_on(unit: OrgUnit, on: date) -> OrgUnit | None:
    """The unit's parent on a date, from its parent periods (the current parent when none covers it)."""
    period = (
        UnitParentPeriod.objects.filter(unit=unit)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .select_related("parent")
        .first()
    )
    return period.parent if period is not None else unit.parent


def deciding_committee_on(cell: OrgUnit, on: date) -> OrgUnit | None:
    """The committee that decides admissions for `cell` on `on` (domain.md §2, the cell's configuration).

    The configured committee when it was alive; its successor for a later date; for a date before it
    existed, the nearest committee above the cell in the tree as it stood then (the district committee
    for a school cell before 07/2025).
    """
    configured = cell.superior_committee
    if configured is not None:
        found = in_force(configured, on)
        if found is not None:
            return found
    unit: OrgUnit | None = cell
    for _step in range(MAX_CHAIN):
        assert unit is not None
        unit = parent_on(unit, on)
        if unit is None:
            break
        if unit.kind in COMMITTEE_KINDS and unit.is_active_on(on):
            return unit
    if configured is not None:
        for predecessor in configured.predecessors.filter(kind__in=COMMITTEE_KINDS).order_by("pk"):
            if predecessor.is_active_on(on):
                return predecessor
    return None


def is_grassroots_cell_on(cell: OrgUnit, on: date) -> bool:
    """Whether `cell` was a grassroots cell (chi bộ cơ sở) on `on`: its deciding committee then was not a
    grassroots committee (đảng ủy cơ sở) but the commune, ward or district committee directly above it.

    Read from the tree as it stood on the date, so a school cell that moved from the district committee to
    its commune committee on 01/07/2025 is a grassroots cell on both sides, and a cell placed under a
    grassroots committee stops being one from that day. Its admission route has no 8-KNĐ
    (`uommam.rules.route`).
    """
    committee = deciding_committee_on(cell, on)
    return committee is None or committee.kind != UnitKind.GRASSROOTS_COMMITTEE


def class_bodies(starts_on: date, ends_on: date) -> QuerySet[OrgUnit]:
    """Political centres and committees alive over the whole of a class's dates."""
    return (
        OrgUnit.objects.filter(kind__in=CLASS_BODY_KINDS).active_on(starts_on).active_on(ends_on).order_by("sort_key")
    )


def body_problem(body: OrgUnit, on: date, *, act: str) -> str | None:
    """Why `body` cannot be named on an act dated `on` (None when it can).

    `act` is a translated noun phrase ("the admission decision"). The sentence names the body, the
    date of the act and the body's first or last day, and the successor when there is one.
    """
    if body.active_until is not None and on > body.active_until:
        successor = in_force(body, on)
        if successor is not None:
            return _(
                "%(body)s was dissolved on %(closed)s and cannot sign %(act)s dated %(date)s; "
                "its successor %(successor)s does."
            ) % {
                "body": body,
                "closed": format_vn(body.active_until),
                "act": act,
                "date": format_vn(on),
                "successor": successor,
            }
        return _("%(body)s was dissolved on %(closed)s and cannot sign %(act)s dated %(date)s.") % {
            "body": body,
            "closed": format_vn(body.active_until),
            "act": act,
            "date": format_vn(on),
        }
    if body.active_from is not None and on < body.active_from:
        return _("%(body)s exists only from %(opened)s and cannot sign %(act)s dated %(date)s.") % {
            "body": body,
            "opened": format_vn(body.active_from),
            "act": act,
            "date": format_vn(on),
        }
    return None


def decision_body_problem(cell: OrgUnit, body: OrgUnit | None, on: date) -> str | None:
    """Why `body` cannot sign an admission decision or recognition for `cell` dated `on`."""
    act = _("the admission decision")
    if body is not None:
        dead = body_problem(body, on, act=act)
        if dead:
            return dead
    expected = deciding_committee_on(cell, on)
    if expected is None:
        return _("No committee deciding admissions for %(cell)s was in force on %(date)s.") % {
            "cell": cell,
            "date": format_vn(on),
        }
    if body is not None and body.pk != expected.pk:
        return _("%(body)s does not decide admissions for %(cell)s on %(date)s: %(expected)s does.") % {
            "body": body,
            "cell": cell,
            "date": format_vn(on),
            "expected": expected,
        }
    return None


def class_body_problem(body: OrgUnit, starts_on: date, ends_on: date, *, act: str) -> str | None:
    """Why `body` cannot run a class (or issue its certificates) over these dates."""
    if body.kind not in CLASS_BODY_KINDS:
        return _("%(body)s is neither a political centre nor a Party committee: it cannot run %(act)s.") % {
            "body": body,
            "act": act,
        }
    return body_problem(body, starts_on, act=act) or body_problem(body, ends_on, act=act)
