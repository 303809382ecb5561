"""Which dossier items a candidacy needs, which are missing or out of date, and whether its
introducers qualify. Regulation arithmetic comes from `uommam.rules`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from uommam import rules
from uommam.core.rules_config import rules_settings
from uommam.people.models import MemberStatus
from uommam.vn.dates import format_vn
from uommam.vn.school_year import school_year_bounds, school_year_label

from .models import Candidate, DossierForm, DossierItem, DossierStatus, IntroducerAssignment, Route

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Forms needed before the cell votes (12-HD/BTCTW), by introduction route (domain.md §3, §5).
COMMON_BEFORE_VOTE = (DossierForm.KND1, DossierForm.KND2, DossierForm.KND20, DossierForm.KND5)
BY_ROUTE = {
    Route.YOUTH_UNION: (DossierForm.KND4, DossierForm.KND3),
    Route.TWO_INTRODUCERS: (DossierForm.KND3A,),
}
# Forms for official recognition, after probation.
RECOGNITION = (DossierForm.KND10, DossierForm.KND11, DossierForm.KND12, DossierForm.KND13)
# Time-limited documents ([U] validity → settings): which rule kind each form follows.
TIME_LIMITED: dict[str, rules.DocumentKind] = {
    DossierForm.KND2: "personal_history",
    DossierForm.KND20: "personal_history",
    DossierForm.KND3: "introduction",
    DossierForm.KND3A: "introduction",
    DossierForm.KND4: "introduction",
    DossierForm.KND5: "opinion_summary",
}
DONE = (DossierStatus.RECEIVED, DossierStatus.CHECKED)


def required_forms(candidate: Candidate) -> tuple[str, ...]:
    """The route's forms in number order (1, 2, 3, 4, 5, 20), as the cell files them and every list shows them."""
    return tuple(sorted((*COMMON_BEFORE_VOTE, *BY_ROUTE[Route(candidate.route)]), key=form_number_key))


def missing_items(candidate: Candidate) -> list[str]:
    """Form codes still missing before the vote. Verification needs every listed relative back."""
    items = list(candidate.dossier_items.all())
    missing = []
    for form in required_forms(candidate):
        of_form = [item for item in items if item.form == form]
        if not of_form or any(item.status not in DONE for item in of_form):
            missing.append(str(form))
    return missing


@dataclass(frozen=True)
class ExpiryWarning:
    item: DossierItem
    expires_on: date
    expired: bool


def expiry_warnings(
    candidate: Candidate, on: date, *, within_days: int = 30, items: list[DossierItem] | None = None
) -> list[ExpiryWarning]:
    """Time-limited documents that expired by `on` or will within `within_days` – warnings, not blocks.
    `items`: the candidacy's dossier items when the caller has read them already."""
    settings = rules_settings()
    warnings = []
    for item in candidate.dossier_items.all() if items is None else items:
        kind = TIME_LIMITED.get(item.form)
        if kind is None or item.dated_on is None:
            continue
        expires = rules.document_expires_on(kind, item.dated_on, settings=settings)
        if (expires - on).days <= within_days:
            warnings.append(ExpiryWarning(item, expires, expires < on))
    return warnings


def together_since(assignment: IntroducerAssignment, candidate: Candidate) -> date:
    """Since when introducer and student have been in the same unit: the later of the member
    joining the school's cell and the student entering grade 10 (early September of the cohort)."""
    student_from = school_year_bounds(school_year_label(candidate.person.cohort))[0]
    member_from = assignment.member.joined_unit_on or student_from
    return max(student_from, member_from)


def introducer_problems(
    candidate: Candidate, on: date, assignments: list[IntroducerAssignment] | None = None
) -> list[str]:
    """Reasons the current introducers do not qualify on `on` (empty list when they do). `assignments`: the
    candidacy's introducer assignments, with their members, when the caller has read them already."""
    settings = rules_settings()
    if assignments is None:
        assignments = list(candidate.introducers.select_related("member"))
    # Those introducing her on that day: an introducer assigned after the meeting did not introduce her to it.
    current = [a for a in assignments if a.ended_on is None and a.assigned_on <= on]
    needed = rules.introducers_needed(candidate.route)
    problems = []
    if len(current) < needed:
        problems.append(
            _("%(needed)s introducer(s) needed for this route, %(have)s assigned.")
            % {"needed": needed, "have": len(current)}
        )
    for assignment in current:
        member = assignment.member
        if member.status != MemberStatus.OFFICIAL:
            problems.append(_("Introducer %(name)s is not an official member.") % {"name": member})
            continue
        eligible = rules.introducer_eligible_from(together_since(assignment, candidate), settings=settings)
        if eligible > on:
            problems.append(
                _(
                    "Introducer %(name)s has not been with the student for %(months)s months in the same unit until %(date)s (%(source)s)."
                )
                % {
                    "name": member,
                    "months": settings.introducer_months_together,
                    "date": format_vn(eligible),
                    "source": rules.citation_for(
                        "introducer_months_together", on=on, sets=settings.regulation_sets
                    ).text,
                }
            )
    return problems


# --- The checklist in form-number order, each item with its name -----------------------------

# Form 20-KNĐ's label names the check, not the form; everywhere else the label starts with the code.
# Keyed by the plain code (`form_label` is asked about any stored code, a form of the route or not).
_CODE_PREFIXED: dict[str, StrOrPromise] = {
    DossierForm.KND20: gettext_lazy("20-KNĐ Background verification (per relative)")
}


def form_number_key(code: str) -> tuple[int, str]:
    """Order of the forms by number, then suffix: 1, 2, 3, 3A, 4, 5, 20 (not 1, 2, 20, 5, 4, 3)."""
    number = code.split("-", 1)[0]
    digits = "".join(ch for ch in number if ch.isdigit())
    return (int(digits) if digits else 999, number[len(digits) :])


def form_label(code: str) -> str:
    """The form's code and name ("1-KNĐ Đơn xin vào Đảng"), never the bare code."""
    if code in _CODE_PREFIXED:
        return str(_CODE_PREFIXED[code])
    try:
        return str(DossierForm(code).label)
    except ValueError:
        return code


@dataclass
class ChecklistRow:
    """One line of the dossier checklist: a form (and relative, for 20-KNĐ) with its item if recorded."""

    code: str
    label: str
    required: bool
    item: DossierItem | None = None
    subject: str = ""

    @property
    def key(self) -> tuple[tuple[int, str], str]:
        return (form_number_key(self.code), self.subject)


def checklist(candidate: Candidate, items: list[DossierItem] | None = None) -> list[ChecklistRow]:
    """Every item the route needs (missing ones as empty rows) and every recorded item, by form number."""
    if items is None:
        items = list(candidate.dossier_items.select_related("checked_by"))
    required = [str(f) for f in required_forms(candidate)]
    rows = []
    for code in required:
        of_form = [i for i in items if i.form == code]
        if not of_form:
            rows.append(ChecklistRow(code, form_label(code), True))
        rows.extend(ChecklistRow(code, form_label(code), True, item, item.subject) for item in of_form)
    rows.extend(ChecklistRow(i.form, form_label(i.form), False, i, i.subject) for i in items if i.form not in required)
    rows.sort(key=lambda row: row.key)
    return rows
