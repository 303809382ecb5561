"""The annual plan as an official document: "KẾ HOẠCH Phát triển đảng viên trong học sinh, năm học …".

Issued through the documents app (Hướng dẫn 36-HD/VPTW layout, numbered "Số 01-KH/CB" per issuing unit
and committee term), rendered from its own Word template `plan_annual` (`uommam/plans/build_template.py`).
Always in Vietnamese: the action names below are the document's words, not interface strings.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from uommam.documents.header import superior_of
from uommam.documents.models import DocType, GeneratedDocument
from uommam.documents.services import document_issue
from uommam.reports.models import Target
from uommam.vn.dates import format_vn
from uommam.vn.numbers import format_int

from .models import AnnualPlan, PlanAction

if TYPE_CHECKING:
    from uommam.accounts.models import User

TEMPLATE = "plan_annual"
PURPOSE = "annual_plan"
ACTION_VI = {
    PlanAction.LIST: "Đưa vào danh sách cảm tình Đảng, phân công đảng viên giúp đỡ",
    PlanAction.CLASS: "Cử đi học lớp bồi dưỡng nhận thức về Đảng",
    PlanAction.ADMIT: "Xét, đề nghị kết nạp",
    PlanAction.REFER: "Giới thiệu về địa phương, trường đại học, cao đẳng khi ra trường",
}
ACTION_ORDER = (PlanAction.LIST, PlanAction.CLASS, PlanAction.ADMIT, PlanAction.REFER)


def summary_of(plan: AnnualPlan) -> str:
    return f"Phát triển đảng viên trong học sinh, năm học {plan.school_year}"


def _counts(plan: AnnualPlan) -> dict[str, int]:
    counts: dict[str, int] = dict.fromkeys(ACTION_ORDER, 0)
    for entry in plan.entries.all():
        counts[entry.action] += 1
    return counts


def targets_paragraphs(plan: AnnualPlan) -> list[str]:
    counts = _counts(plan)
    target = Target.objects.filter(unit=plan.unit, school_year=plan.school_year).first()
    lines = []
    if target is not None:
        lines.append(
            f"- Chỉ tiêu được giao: cử {format_int(target.students_to_class)} học sinh đi học lớp bồi dưỡng "
            f"nhận thức về Đảng; kết nạp {format_int(target.students_to_admit)} học sinh."
        )
    lines += [
        f"- Đưa vào danh sách cảm tình Đảng và phân công đảng viên giúp đỡ: {format_int(counts[PlanAction.LIST])} "
        "học sinh.",
        f"- Cử đi học lớp bồi dưỡng nhận thức về Đảng: {format_int(counts[PlanAction.CLASS])} học sinh.",
        f"- Xét, đề nghị kết nạp trước khi ra trường: {format_int(counts[PlanAction.ADMIT])} học sinh.",
        f"- Giới thiệu về địa phương, trường đại học, cao đẳng (ra trường khi chưa đủ điều kiện kết nạp): "
        f"{format_int(counts[PlanAction.REFER])} học sinh.",
    ]
    return lines


def entry_rows(plan: AnnualPlan) -> list[dict[str, str]]:
    order = {action: index for index, action in enumerate(ACTION_ORDER)}
    entries = sorted(
        plan.entries.select_related("person"), key=lambda e: (e.month, e.person.sort_key, order[PlanAction(e.action)])
    )
    return [
        {
            "stt": str(index),
            "name": e.person.full_name,
            "dob": format_vn(e.person.dob),
            "class_name": e.person.class_name,
            "action": ACTION_VI[PlanAction(e.action)],
            "month": f"{e.month:%m/%Y}",
            "note": e.note,
        }
        for index, e in enumerate(entries, start=1)
    ]


def month_rows(plan: AnnualPlan) -> list[dict[str, str]]:
    by_month: dict[date, dict[str, int]] = {}
    for entry in plan.entries.all():
        by_month.setdefault(entry.month, dict.fromkeys(ACTION_ORDER, 0))[entry.action] += 1
    return [
        {
            "month": f"{month:%m/%Y}",
            "list": format_int(c[PlanAction.LIST]),
            "klass": format_int(c[PlanAction.CLASS]),
            "admit": format_int(c[PlanAction.ADMIT]),
            "refer": format_int(c[PlanAction.REFER]),
        }
        for month, c in sorted(by_month.items())
    ]


def plan_context(plan: AnnualPlan) -> dict[str, Any]:
    """Everything the `plan_annual` template prints besides the header `h`."""
    return {
        "title_summary": "Phát triển đảng viên trong học sinh",
        "year_line": f"năm học {plan.school_year}",
        "intro": (
            f"Thực hiện nhiệm vụ phát triển đảng viên trong học sinh, căn cứ chỉ tiêu được giao và lộ trình của "
            f"từng học sinh (tính ngược từ tháng đủ 18 tuổi và ngày ra trường), {plan.unit.name} xây dựng Kế hoạch "
            f"phát triển đảng viên trong học sinh năm học {plan.school_year} như sau:"
        ),
        "purpose": plan.purpose,
        "targets": targets_paragraphs(plan),
        "entry_rows": entry_rows(plan),
        "month_rows": month_rows(plan),
        "measures": plan.measures,
        "school_year": plan.school_year,
    }


def recipients(plan: AnnualPlan) -> list[str]:
    superior = superior_of(plan.unit)
    first = f"{superior.name} (để báo cáo)" if superior is not None else "Cấp ủy cấp trên (để báo cáo)"
    return [first, "Ban Giám hiệu, Đoàn trường (để phối hợp)", "Đảng viên trong chi bộ", "Lưu chi bộ"]


def issue_document(plan: AnnualPlan, *, actor: User | None, on: date, signer_name: str = "") -> GeneratedDocument:
    return document_issue(
        unit=plan.unit,
        doc_type=DocType.KH,
        template_name=TEMPLATE,
        context=plan_context(plan),
        on=on,
        actor=actor,
        summary=summary_of(plan),
        recipients=recipients(plan),
        signer_name=signer_name,
        signer_title="PHÓ BÍ THƯ" if plan.unit.is_committee else "BÍ THƯ",
        related=plan,
        purpose=PURPOSE,
    )
