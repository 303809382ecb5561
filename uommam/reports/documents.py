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

Numbers and dates are written the Vietnamese way ("1.496", "3,2%", "30/06/2025"). Before issue the
report is a draft ("DỰ THẢO", no number, nothing stored, `report_draft`); an authorised officer
issues it (`report_issue`, from a POST with a purpose), which takes the number. Issuing the same
report (unit, period, both time axes) again the same day returns the document already issued.
A report about a closed unit is issued by its successor, in the successor's name.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils import timezone

from uommam.documents.header import superior_of
from uommam.documents.issuing import document_draft, issuing_unit
from uommam.documents.models import DocType, GeneratedDocument
from uommam.documents.rendering import docx_to_pdf
from uommam.documents.services import document_docx, document_issue, document_pdf
from uommam.orgs.models import OrgUnit
from uommam.vn.dates import format_vn
from uommam.vn.numbers import format_int, format_percent

from .exporters import STAGE_LABELS_VI
from .funnel import RATES, Funnel, compute_funnel, ratio

if TYPE_CHECKING:
    from uommam.accounts.models import User

PURPOSE = "funnel_report"
TEMPLATE = "report_funnel"
TITLE = "Kết quả công tác phát triển đảng viên trong học sinh"
OTHER_CELLS_VI = "Các chi bộ khác"

# The rows of the figures table: (stage key, label, rate of funnel.RATES or None). Each rate is the
# cohort rate docs/reports.md defines: of those counted on the cohort's row, the share who reached
# this row's stage by the cut-off.
STAGE_TABLE: tuple[tuple[str, str, str | None], ...] = (
    ("youth_union_members", "Đoàn viên trong học sinh", None),
    ("sympathisers", "Quần chúng được đưa vào danh sách cảm tình Đảng", "sympathiser_rate"),
    ("enrolled", "Học sinh được cử đi học lớp bồi dưỡng nhận thức về Đảng", "class_rate"),
    ("certified", "Học sinh được cấp giấy chứng nhận", "certification_rate"),
    ("dossier_complete", "Hoàn thiện hồ sơ đề nghị kết nạp", None),
    ("voted", "Chi bộ xét, biểu quyết đề nghị kết nạp", None),
    ("admitted", "Có quyết định kết nạp vào Đảng", "admission_rate"),
    ("official", "Được công nhận đảng viên chính thức", "official_rate"),
    (
        "referred",
        "Ra trường khi chưa đủ tuổi, được giới thiệu về địa phương, trường đại học, cao đẳng",
        "referral_rate",
    ),
    ("acknowledged", "Nơi nhận đã xác nhận tiếp nhận giới thiệu", "acknowledged_rate"),
    ("admitted_at_destination", "Được kết nạp tại nơi nhận", "admitted_at_destination_rate"),
)
assert all(rate is None or RATES[rate][0] == key for key, _l, rate in STAGE_TABLE)
assert {key for key, _l, _b in STAGE_TABLE} <= set(STAGE_LABELS_VI)


def _pct(value: float | None) -> str:
    return format_percent(value) if value is not None else "–"


def _period(funnel: Funnel) -> str:
    return f"từ ngày {format_vn(funnel.date_from)} đến ngày {format_vn(funnel.date_to)}"


def axes_text(funnel: Funnel) -> str:
    """The two time axes as the report states them."""
    text = f"số liệu tính đến ngày {format_vn(funnel.as_of)}"
    if funnel.recorded_on is not None:
        text += f", theo dữ liệu ghi nhận đến ngày {format_vn(funnel.recorded_on)}"
    return text


def report_summary(funnel: Funnel) -> str:
    """The summary stored with the document (and the key under which a day's report is reused)."""
    return (
        "Báo cáo kết quả công tác phát triển đảng viên trong học sinh "
        f"từ {format_vn(funnel.date_from)} đến {format_vn(funnel.date_to)}"
    )


def report_intro(funnel: Funnel, issuer: OrgUnit | None = None) -> str:
    issuer = issuer or funnel.unit
    subject = ""
    if issuer.pk != funnel.unit.pk:
        closed = (
            f", đã kết thúc hoạt động ngày {format_vn(funnel.unit.active_until)}" if funnel.unit.active_until else ""
        )
        subject = f" của {funnel.unit.name} (nay do {issuer.name} kế thừa{closed})"
    return (
        f"Thực hiện nhiệm vụ phát triển đảng viên trong học sinh, {issuer.name} xây dựng Báo cáo kết quả "
        f"công tác phát triển đảng viên trong học sinh{subject} {_period(funnel)} ({axes_text(funnel)}), "
        "cụ thể như sau:"
    )


def _rate_with_counts(funnel: Funnel, name: str) -> str:
    den = RATES[name][1]
    return f"{_pct(funnel.rates.get(name))} ({format_int(funnel.rate_counts.get(name, 0))}/{format_int(funnel.stages.get(den, 0))})"


def targets_paragraph(funnel: Funnel) -> str | None:
    """Targets of the period's school years against the actuals of those same school years; the
    years that had no target are named."""
    t = funnel.targets
    if t.get("students_to_admit") is None:
        return None
    with_target = [y for y in t["school_years"] if y not in t["years_without_target"]]
    to_class, to_admit = t["students_to_class"], t["students_to_admit"]
    enrolled, admitted = t["enrolled_in_those_years"], t["admitted_in_those_years"]
    text = (
        f"- Chỉ tiêu năm học {', '.join(with_target)}: cử {format_int(to_class)} học sinh đi học lớp "
        f"(thực hiện {format_int(enrolled)}, đạt {_pct(ratio(enrolled, to_class))}), kết nạp {format_int(to_admit)} "
        f"học sinh (thực hiện {format_int(admitted)}, đạt {_pct(ratio(admitted, to_admit))}); số thực hiện tính "
        "trong chính các năm học đó"
    )
    if t["years_without_target"]:
        text += f"; năm học {', '.join(t['years_without_target'])} không được giao chỉ tiêu"
    return text + "."


def report_paragraphs(funnel: Funnel) -> list[str]:
    """The general results in sentences, in Vietnamese whatever the user's language."""
    s = funnel.stages
    paragraphs = [
        f"- Đã mở {format_int(funnel.classes)} lớp bồi dưỡng nhận thức về Đảng; "
        f"{format_int(s['enrolled'])} học sinh được cử đi học, {format_int(s['certified'])} học sinh "
        "được cấp giấy chứng nhận.",
        f"- Số học sinh được kết nạp vào Đảng: {format_int(s['admitted'])} đồng chí, đạt tỷ lệ "
        f"{_rate_with_counts(funnel, 'admission_rate')} so với số học sinh được cấp giấy chứng nhận trong kỳ; "
        f"công nhận đảng viên chính thức: {format_int(s['official'])} đồng chí.",
        f"- Học sinh đã học lớp nhưng ra trường khi chưa đủ 18 tuổi, được giới thiệu về địa phương hoặc "
        f"trường đại học, cao đẳng: {format_int(s['referred'])}"
        + (
            f"; nơi nhận đã xác nhận: {format_int(s.get('acknowledged', 0))}; được kết nạp tại nơi nhận: "
            f"{format_int(s.get('admitted_at_destination', 0))}."
            if "acknowledged" in s
            else "."
        ),
    ]
    targets = targets_paragraph(funnel)
    if targets:
        paragraphs.append(targets)
    return paragraphs


def stage_rows(funnel: Funnel) -> list[dict[str, str]]:
    """The figures table: one row per stage, the referral loop only where it is measured."""
    s, rates = funnel.stages, funnel.rates
    rows = []
    for key, label, rate in STAGE_TABLE:
        if key not in s:
            continue
        shown = _rate_with_counts(funnel, rate) if rate and rate in rates else ""
        rows.append({"key": key, "label": label, "count": format_int(s.get(key, 0)), "rate": shown})
    for index, row in enumerate(rows, start=1):
        row["stt"] = str(index)
    return rows


def rate_note(rows: list[dict[str, str]], funnel: Funnel) -> str:
    """What each rate of the figures table follows, by row number (the cohort definition)."""
    number = {row["key"]: row["stt"] for row in rows}
    parts = []
    for key, _label, rate in STAGE_TABLE:
        if rate and key in number and RATES[rate][1] in number:
            parts.append(f"dòng {number[key]} trong số ở dòng {number[RATES[rate][1]]}")
    return (
        f"Ghi chú: tỷ lệ = trong số người ở dòng gốc (phát sinh trong kỳ), số đã đạt đến bước của dòng đó tính "
        f"đến ngày {format_vn(funnel.as_of)}, nên không vượt quá 100%: " + "; ".join(parts) + "."
    )


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
    s, n = funnel.stages, funnel.rate_counts
    waiting = max(s["certified"] - n.get("admission_rate", 0), 0)
    lines = [
        f"- Trong kỳ có {format_int(s['certified'])} học sinh được cấp giấy chứng nhận; đến ngày "
        f"{format_vn(funnel.as_of)} có {format_int(n.get('admission_rate', 0))} em trong số đó được kết nạp "
        f"(tỷ lệ {_pct(funnel.rates['admission_rate'])}); {format_int(waiting)} học sinh đã học lớp chưa được kết nạp."
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


def recipients(issuer: OrgUnit) -> list[str]:
    superior = superior_of(issuer)
    lines = [f"{superior.name} (để báo cáo)" if superior is not None else "Cấp ủy cấp trên (để báo cáo)"]
    if issuer.is_committee:
        lines += ["Các chi bộ trường THPT", "Lưu Văn phòng"]
    else:
        lines += ["Lưu chi bộ"]
    return lines


def report_context(funnel: Funnel, issuer: OrgUnit | None = None) -> dict[str, Any]:
    """Everything the `report_funnel` template prints besides the header `h`."""
    rows = stage_rows(funnel)
    schools, total = school_rows(funnel)
    return {
        "title_summary": TITLE,
        "period_line": _period(funnel),
        "period_text": f"({_period(funnel)})",
        "intro": report_intro(funnel, issuer),
        "results": report_paragraphs(funnel),
        "stage_rows": rows,
        "rate_note": rate_note(rows, funnel),
        "school_rows": schools,
        "school_total": total,
        "observations": observations(funnel),
        "subject": funnel.unit.code,
        "as_of": funnel.as_of.isoformat(),
        "recorded_on": funnel.recorded_on.isoformat() if funnel.recorded_on else None,
        "figures": funnel.as_json(),
    }


def _document_args(funnel: Funnel, on: dt.date) -> dict[str, Any]:
    issuer = issuing_unit(funnel.unit, on)
    return {
        "unit": issuer,
        "doc_type": DocType.BC,
        "template_name": TEMPLATE,
        "context": report_context(funnel, issuer),
        "on": on,
        "summary": report_summary(funnel),
        "recipients": recipients(issuer),
        "signer_title": "PHÓ BÍ THƯ" if issuer.is_committee else "BÍ THƯ",
    }


def report_draft(funnel: Funnel, *, on: dt.date | None = None) -> bytes:
    """The report before issue: no number, "DỰ THẢO" on every page; nothing is written."""
    return document_draft(**_document_args(funnel, on or timezone.localdate()))


def report_draft_pdf(funnel: Funnel, *, on: dt.date | None = None) -> bytes:
    return docx_to_pdf(report_draft(funnel, on=on))


def issued_reports() -> QuerySet[GeneratedDocument]:
    return GeneratedDocument.objects.filter(purpose=PURPOSE)


def report_issue(
    *, funnel: Funnel, actor: User | None, reason: str = "", on: dt.date | None = None, with_pdf: bool = False
) -> GeneratedDocument:
    """Issue the report: the next number of the issuing body's series (the successor's when the unit
    was closed), stored with its figures. Issuing the same figures again the same day returns the
    document already issued instead of taking a new number."""
    on = on or timezone.localdate()
    args = _document_args(funnel, on)
    existing = (
        issued_reports()
        .filter(unit=args["unit"], summary=args["summary"], issued_on=on)
        .filter(
            context__subject=funnel.unit.code,
            context__as_of=funnel.as_of.isoformat(),
            context__recorded_on=args["context"]["recorded_on"],
        )
        .order_by("-pk")
        .first()
    )
    if existing is not None:
        return existing
    return document_issue(**args, actor=actor, purpose=PURPOSE, reason=reason, with_pdf=with_pdf)


def report_corrections(document: GeneratedDocument) -> dict[str, tuple[int, int]]:
    """Figures of an issued report that differ today: {stage or "classes": (as issued, now)}.

    The issued file never changes; when a step it counted was voided, or an event effective in its
    period was entered late, the list of issued reports marks it as corrected with both figures, so
    the body can issue a corrected report."""
    context = document.context or {}
    figures = context.get("figures") or {}
    unit = OrgUnit.objects.filter(code=context.get("subject", "")).first()
    if unit is None or not figures.get("from") or not figures.get("to"):
        return {}
    recorded = context.get("recorded_on")
    now = compute_funnel(
        unit=unit,
        date_from=dt.date.fromisoformat(figures["from"]),
        date_to=dt.date.fromisoformat(figures["to"]),
        as_of=dt.date.fromisoformat(context["as_of"]),
        recorded_on=dt.date.fromisoformat(recorded) if recorded else None,
    )
    issued = {"classes": figures.get("classes", 0), **figures.get("stages", {})}
    current = {"classes": now.classes, **now.stages}
    return {key: (issued.get(key, 0), current.get(key, 0)) for key in current if issued.get(key, 0) != current[key]}


def report_docx(document: GeneratedDocument) -> bytes:
    data = getattr(document, "docx_bytes", None)
    return data if data is not None else document_docx(document)


def report_pdf(document: GeneratedDocument) -> bytes:
    return document_pdf(document)
