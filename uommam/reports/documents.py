"""The periodic report "Báo cáo kết quả công tác phát triển đảng viên trong học sinh" (domain.md §8).

Issued through the documents app: numbered "Số 12-BC/HU" per issuing unit and committee term,
rendered from its own editable Word template `report_funnel` (`uommam/documents/build_templates.py`)
in the Party's layout, stored with its template version. The document has: the official header;
"BÁO CÁO" and the summary line "Kết quả công tác phát triển đảng viên trong học sinh từ ngày … đến
ngày …"; an introduction naming the unit and the period; the general results in sentences; a table
of figures (STT, Chỉ tiêu / Nội dung, Số lượng, Tỷ lệ) for every stage of the funnel, with a note
saying what each rate is divided by (the definitions of docs/reports.md); a table per school with a
total row; an assessment section with the facts the figures show and room for the committee's own
words; proposals to fill in; "Nơi nhận:" and the signature block of the issuing unit.

Numbers and dates are written the Vietnamese way ("1.496", "3,2%", "30/06/2025"). Downloading the
same report (unit, period, figures as of the same day) again returns the document already issued
that day instead of taking a new number.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from uommam.documents.header import superior_of
from uommam.documents.models import DocType, GeneratedDocument
from uommam.documents.services import document_docx, document_issue, document_pdf
from uommam.vn.dates import format_vn
from uommam.vn.numbers import format_int, format_percent

from .exporters import STAGE_LABELS_VI
from .funnel import RATES, Funnel, ratio

PURPOSE = "funnel_report"
TEMPLATE = "report_funnel"
TITLE = "Kết quả công tác phát triển đảng viên trong học sinh"
OTHER_CELLS_VI = "Các chi bộ khác"

# The rows of the figures table: (stage key, label, base key of its rate or None). Each rate is the
# one docs/reports.md defines (funnel.RATES), or the referral loop's share of the referred.
STAGE_TABLE: tuple[tuple[str, str, str | None], ...] = (
    ("youth_union_members", "Đoàn viên trong học sinh", None),
    ("sympathisers", "Quần chúng được đưa vào danh sách cảm tình Đảng", "youth_union_members"),
    ("enrolled", "Học sinh được cử đi học lớp bồi dưỡng nhận thức về Đảng", "sympathisers"),
    ("certified", "Học sinh được cấp giấy chứng nhận", "enrolled"),
    ("dossier_complete", "Hoàn thiện hồ sơ đề nghị kết nạp", None),
    ("voted", "Chi bộ xét, biểu quyết đề nghị kết nạp", None),
    ("admitted", "Có quyết định kết nạp vào Đảng", "certified"),
    ("official", "Được công nhận đảng viên chính thức", "admitted"),
    ("referred", "Ra trường khi chưa đủ tuổi, được giới thiệu về địa phương, trường đại học, cao đẳng", "certified"),
    ("acknowledged", "Nơi nhận đã xác nhận tiếp nhận giới thiệu", "referred"),
    ("admitted_at_destination", "Được kết nạp tại nơi nhận", "referred"),
)
_DEFINED = {(num, den) for num, den, _label in RATES.values()}
assert all(base is None or (key, base) in _DEFINED or base == "referred" for key, _l, base in STAGE_TABLE)
assert {key for key, _l, _b in STAGE_TABLE} <= set(STAGE_LABELS_VI)


def _pct(value: float | None) -> str:
    return format_percent(value) if value is not None else "–"


def _period(funnel: Funnel) -> str:
    return f"từ ngày {format_vn(funnel.date_from)} đến ngày {format_vn(funnel.date_to)}"


def report_summary(funnel: Funnel) -> str:
    """The summary stored with the document (and the key under which a day's report is reused)."""
    return (
        "Báo cáo kết quả công tác phát triển đảng viên trong học sinh "
        f"từ {format_vn(funnel.date_from)} đến {format_vn(funnel.date_to)}"
    )


def report_intro(funnel: Funnel) -> str:
    return (
        f"Thực hiện nhiệm vụ phát triển đảng viên trong học sinh, {funnel.unit.name} xây dựng Báo cáo kết quả "
        f"công tác phát triển đảng viên trong học sinh {_period(funnel)} (số liệu cập nhật đến ngày "
        f"{format_vn(funnel.as_of)}), cụ thể như sau:"
    )


def report_paragraphs(funnel: Funnel) -> list[str]:
    """The general results in sentences, in Vietnamese whatever the user's language."""
    s, r, t = funnel.stages, funnel.rates, funnel.targets
    paragraphs = [
        f"- Đã mở {format_int(funnel.classes)} lớp bồi dưỡng nhận thức về Đảng; "
        f"{format_int(s['enrolled'])} học sinh được cử đi học, {format_int(s['certified'])} học sinh "
        "được cấp giấy chứng nhận.",
        f"- Số học sinh được kết nạp vào Đảng: {format_int(s['admitted'])} đồng chí, đạt tỷ lệ "
        f"{_pct(r['admission_rate'])} so với số học sinh được cấp giấy chứng nhận "
        f"({format_int(s['admitted'])}/{format_int(s['certified'])}); công nhận đảng viên chính thức: "
        f"{format_int(s['official'])} đồng chí.",
        f"- Học sinh đã học lớp nhưng ra trường khi chưa đủ 18 tuổi, được giới thiệu về địa phương hoặc "
        f"trường đại học, cao đẳng: {format_int(s['referred'])}"
        + (
            f"; nơi nhận đã xác nhận: {format_int(s.get('acknowledged', 0))}; được kết nạp tại nơi nhận: "
            f"{format_int(s.get('admitted_at_destination', 0))}."
            if "acknowledged" in s
            else "."
        ),
    ]
    if t.get("students_to_admit") is not None:
        to_class, to_admit = t["students_to_class"], t["students_to_admit"]
        paragraphs.append(
            f"- Chỉ tiêu năm học {', '.join(t['school_years'])}: cử {format_int(to_class)} học sinh đi học lớp "
            f"(đạt {_pct(ratio(s['enrolled'], to_class))}), kết nạp {format_int(to_admit)} "
            f"học sinh (đạt {_pct(ratio(s['admitted'], to_admit))})."
        )
    return paragraphs


def stage_rows(funnel: Funnel) -> list[dict[str, str]]:
    """The figures table: one row per stage, the referral loop only where it is measured."""
    s = funnel.stages
    rows = []
    for key, label, base in STAGE_TABLE:
        if key not in s and key != "youth_union_members":
            continue
        rate = ratio(s.get(key, 0), s.get(base, 0)) if base else None
        rows.append(
            {"key": key, "label": label, "count": format_int(s.get(key, 0)), "rate": _pct(rate) if base else ""}
        )
    for index, row in enumerate(rows, start=1):
        row["stt"] = str(index)
    return rows


def rate_note(rows: list[dict[str, str]], funnel: Funnel) -> str:
    """What each rate of the figures table is divided by, by row number."""
    number = {row["key"]: row["stt"] for row in rows}
    parts = []
    for key, _label, base in STAGE_TABLE:
        if base and key in number and base in number:
            parts.append(f"dòng {number[key]} so với dòng {number[base]}")
    note = "Ghi chú: tỷ lệ " + "; ".join(parts) + "."
    if "admitted" in number and "certified" in number:
        note += f" Tỷ lệ kết nạp = dòng {number['admitted']} ÷ dòng {number['certified']}"
        if "voted" in number:
            note += (
                f"; số có quyết định kết nạp so với số chi bộ biểu quyết đề nghị (dòng {number['admitted']} ÷ "
                f"dòng {number['voted']}): {_pct(funnel.rates['vote_to_decision_rate'])}"
            )
        note += "."
    return note


def school_rows(funnel: Funnel) -> tuple[list[dict[str, str]], dict[str, str]]:
    rows = []
    for index, row in enumerate(funnel.by_school, start=1):
        rows.append(
            {
                "stt": str(index),
                "name": row.label if row.key is not None else OTHER_CELLS_VI,
                "enrolled": format_int(row.get("enrolled")),
                "certified": format_int(row.get("certified")),
                "admitted": format_int(row.get("admitted")),
                "rate": _pct(row.admission_rate),
            }
        )
    s = funnel.stages
    total = {
        "enrolled": format_int(s["enrolled"]),
        "certified": format_int(s["certified"]),
        "admitted": format_int(s["admitted"]),
        "rate": _pct(funnel.rates["admission_rate"]),
    }
    return rows, total


def observations(funnel: Funnel) -> list[str]:
    """The facts the committee's assessment starts from (the committee adds its own judgement)."""
    s, r = funnel.stages, funnel.rates
    waiting = max(s["certified"] - s["admitted"], 0)
    lines = [
        f"- Trong kỳ có {format_int(s['certified'])} học sinh được cấp giấy chứng nhận nhưng chỉ "
        f"{format_int(s['admitted'])} học sinh được kết nạp (tỷ lệ {_pct(r['admission_rate'])}); "
        f"{format_int(waiting)} học sinh đã học lớp chưa được kết nạp trong kỳ."
    ]
    rated = [row for row in funnel.by_school if row.key is not None and row.admission_rate is not None]
    if len(rated) > 1:
        best = max(rated, key=lambda row: row.admission_rate or 0)
        worst = min(rated, key=lambda row: row.admission_rate or 0)
        lines.append(
            f"- Tỷ lệ kết nạp giữa các trường chênh lệch: cao nhất {best.label} ({_pct(best.admission_rate)}), "
            f"thấp nhất {worst.label} ({_pct(worst.admission_rate)})."
        )
    return lines


def recipients(funnel: Funnel) -> list[str]:
    superior = superior_of(funnel.unit)
    lines = [f"{superior.name} (để báo cáo)" if superior is not None else "Cấp ủy cấp trên (để báo cáo)"]
    if funnel.unit.is_committee:
        lines += ["Các chi bộ trường THPT", "Lưu Văn phòng"]
    else:
        lines += ["Lưu chi bộ"]
    return lines


def report_context(funnel: Funnel) -> dict[str, Any]:
    """Everything the `report_funnel` template prints besides the header `h`."""
    rows = stage_rows(funnel)
    schools, total = school_rows(funnel)
    return {
        "title_summary": TITLE,
        "period_line": _period(funnel),
        "period_text": f"({_period(funnel)})",
        "intro": report_intro(funnel),
        "results": report_paragraphs(funnel),
        "stage_rows": rows,
        "rate_note": rate_note(rows, funnel),
        "school_rows": schools,
        "school_total": total,
        "observations": observations(funnel),
        "as_of": funnel.as_of.isoformat(),
        "figures": funnel.as_json(),
    }


def report_issue(*, funnel: Funnel, actor: Any, on: dt.date | None = None) -> GeneratedDocument:
    """The numbered report for these figures: the one issued today for the same period, or a new one."""
    on = on or timezone.localdate()
    summary = report_summary(funnel)
    existing = (
        GeneratedDocument.objects.filter(unit=funnel.unit, purpose=PURPOSE, summary=summary, issued_on=on)
        .filter(context__as_of=funnel.as_of.isoformat())
        .order_by("-pk")
        .first()
    )
    if existing is not None:
        return existing
    return document_issue(
        unit=funnel.unit,
        doc_type=DocType.BC,
        template_name=TEMPLATE,
        context=report_context(funnel),
        on=on,
        actor=actor,
        summary=summary,
        recipients=recipients(funnel),
        signer_title="PHÓ BÍ THƯ" if funnel.unit.is_committee else "BÍ THƯ",
        purpose=PURPOSE,
    )


def report_docx(document: GeneratedDocument) -> bytes:
    data = getattr(document, "docx_bytes", None)
    return data if data is not None else document_docx(document)


def report_pdf(document: GeneratedDocument) -> bytes:
    return document_pdf(document)
