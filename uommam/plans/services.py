"""Writing the annual plan: draft it from the roadmaps, edit it, issue it as a numbered document.

Every service is atomic and writes its audit entry in the same transaction. An issued plan is an
official document: it is no longer edited (a new school year gets a new plan).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from uommam.audit.services import audit_record, refuse_stale
from uommam.orgs.models import OrgUnit
from uommam.orgs.tree import path_q
from uommam.pipeline.models import Candidate
from uommam.pipeline.stages import BEFORE_VOTE
from uommam.vn.school_year import parse_school_year, school_year_bounds

from .models import AnnualPlan, PlanAction, PlanEntry, PlanStatus
from .roadmaps import StudentRoadmap, roadmaps_for

if TYPE_CHECKING:
    from uommam.accounts.models import User

DEFAULT_PURPOSE = (
    "Phát hiện, bồi dưỡng học sinh ưu tú ngay khi kết thúc năm học lớp 10; bảo đảm mỗi học sinh đủ điều kiện "
    "được xem xét kết nạp trước khi ra trường; học sinh chưa đủ tuổi khi ra trường được giới thiệu về địa "
    "phương, trường đại học, cao đẳng để tiếp tục bồi dưỡng, không để gián đoạn."
)
DEFAULT_MEASURES = (
    "Chi ủy phân công đảng viên giúp đỡ từng quần chúng; phối hợp với Đoàn trường giới thiệu học sinh ưu tú; "
    "đăng ký học sinh dự lớp bồi dưỡng nhận thức về Đảng đúng thời gian; hướng dẫn hoàn thiện hồ sơ, thẩm tra "
    "lý lịch sớm; hằng tháng chi bộ kiểm điểm việc thực hiện kế hoạch."
)


class PlanError(ValueError):
    """A plan change that cannot be made; the message is for the user."""


def _month(d: date) -> date:
    return d.replace(day=1)


def _within(d: date | None, first: date, last: date) -> bool:
    return d is not None and first <= d <= last


def planned_lines(items: list[StudentRoadmap], school_year: str, today: date) -> list[tuple[Any, str, date, str]]:
    """(person, action, month, note) for every step of the roadmaps that falls in the school year.

    A step whose date has passed undone is planned for the current month: it is still to be done.
    """
    first, last = school_year_bounds(school_year)
    lines: list[tuple[Any, str, date, str]] = []
    for item in items:
        r, c = item.roadmap, item.candidate
        if r.verdict == "refer":
            if _within(item.leaves_school_on, first, last):
                note = r.referral_destination or ""
                lines.append((item.person, PlanAction.REFER, _month(item.leaves_school_on), note))
            continue
        if c.helper_id is None and r.helper_by is not None and r.helper_by <= last:
            lines.append((item.person, PlanAction.LIST, _month(max(r.helper_by, today, first)), ""))
        if r.class_for_vote is not None and _within(r.class_for_vote.starts_on, first, last):
            lines.append((item.person, PlanAction.CLASS, _month(r.class_for_vote.starts_on), r.class_for_vote.name))
        if _within(r.earliest_vote_on, first, last):
            assert r.earliest_vote_on is not None
            lines.append((item.person, PlanAction.ADMIT, _month(r.earliest_vote_on), ""))
    return lines


def _check_year(school_year: str) -> None:
    try:
        parse_school_year(school_year)
    except ValueError:
        raise PlanError(_("Write the school year as 2026-2027.")) from None


def _snapshot(plan: AnnualPlan) -> dict[str, Any]:
    return {
        "status": plan.status,
        "entries": [f"{e.person_id}:{e.action}:{e.month:%m/%Y}" for e in plan.entries.all()],
    }


def plan_draft(*, unit: OrgUnit, school_year: str, actor: User | None, today: date) -> AnnualPlan:
    """Create the unit's plan for the school year, or redraft a plan still in draft, from the roadmaps of
    the candidacies of the unit's cells. The texts already edited are kept."""
    _check_year(school_year)
    with transaction.atomic():
        plan, created = AnnualPlan.objects.select_for_update().get_or_create(
            unit=unit,
            school_year=school_year,
            defaults={"purpose": DEFAULT_PURPOSE, "measures": DEFAULT_MEASURES, "created_by": actor},
        )
        if plan.status != PlanStatus.DRAFT:
            raise PlanError(_("This plan has been issued; it can no longer be redrafted."))
        before = None if created else _snapshot(plan)
        candidates = (
            Candidate.objects.filter(path_q("cell__path", unit), stage__in=BEFORE_VOTE)
            .select_related("person", "person__home_commune", "cell", "helper")
            .order_by("person__sort_key", "pk")
        )
        items = roadmaps_for(candidates, today=today)
        plan.entries.all().delete()
        PlanEntry.objects.bulk_create(
            PlanEntry(plan=plan, person=person, action=action, month=month, note=note[:255])
            for person, action, month, note in planned_lines(items, school_year, today)
        )
        if not created:
            plan.version += 1
            plan.updated_by = actor
            plan.save()
        audit_record(
            actor=actor,
            action="create" if created else "update",
            obj=plan,
            unit=unit,
            before=before,
            after=_snapshot(plan),
            note="plan_draft",
        )
    return plan


def _editable(plan: AnnualPlan) -> None:
    if plan.status != PlanStatus.DRAFT:
        raise PlanError(_("This plan has been issued; it can no longer be changed."))


def plan_text_update(
    *, plan: AnnualPlan, purpose: str, measures: str, actor: User, expected_version: int
) -> AnnualPlan:
    with transaction.atomic():
        current = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
        _editable(current)
        refuse_stale(plan, current, expected_version)
        before = {"purpose": current.purpose, "measures": current.measures}
        current.purpose, current.measures = purpose.strip(), measures.strip()
        current.version += 1
        current.updated_by = actor
        current.save()
        audit_record(
            actor=actor,
            action="update",
            obj=current,
            unit=current.unit,
            before=before,
            after={"purpose": current.purpose, "measures": current.measures},
        )
    return current


def plan_entry_update(*, entry: PlanEntry, month: date, note: str, actor: User) -> PlanEntry:
    """Move a line to another month of the school year, or change its note."""
    with transaction.atomic():
        plan = AnnualPlan.objects.select_for_update().get(pk=entry.plan_id)
        _editable(plan)
        first, last = school_year_bounds(plan.school_year)
        if not first <= month <= last:
            raise PlanError(_("The month must be within the school year %(year)s.") % {"year": plan.school_year})
        before = {"month": entry.month.isoformat(), "note": entry.note}
        entry.month, entry.note = _month(month), note.strip()[:255]
        entry.save()
        plan.version += 1
        plan.updated_by = actor
        plan.save()
        audit_record(
            actor=actor,
            action="update",
            obj=plan,
            unit=plan.unit,
            before=before,
            after={"month": entry.month.isoformat(), "note": entry.note},
            note=f"entry {entry.pk}",
        )
    return entry


def plan_entry_delete(*, entry: PlanEntry, actor: User) -> None:
    with transaction.atomic():
        plan = AnnualPlan.objects.select_for_update().get(pk=entry.plan_id)
        _editable(plan)
        audit_record(
            actor=actor,
            action="delete",
            obj=plan,
            unit=plan.unit,
            before={"entry": f"{entry.person_id}:{entry.action}:{entry.month:%m/%Y}"},
            note=f"entry {entry.pk}",
        )
        entry.delete()
        plan.version += 1
        plan.updated_by = actor
        plan.save()


def plan_issue(*, plan: AnnualPlan, actor: User | None, on: date, signer_name: str = "") -> AnnualPlan:
    """Number and render the plan as "Số NN-KH/CB" (Hướng dẫn 36-HD/VPTW); the plan is then final."""
    from .document import issue_document

    with transaction.atomic():
        current = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
        _editable(current)
        if not current.entries.exists():
            raise PlanError(_("The plan has no lines: draft it from the roadmaps first."))
        document = issue_document(current, actor=actor, on=on, signer_name=signer_name)
        current.document = document
        current.status = PlanStatus.ISSUED
        current.version += 1
        current.updated_by = actor
        current.save()
        audit_record(
            actor=actor,
            action="update",
            obj=current,
            unit=current.unit,
            before={"status": PlanStatus.DRAFT},
            after={"status": PlanStatus.ISSUED, "number": document.number_text},
        )
    return current
