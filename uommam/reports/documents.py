"""The periodic report "Báo cáo kết quả công tác phát triển đảng viên trong học sinh" (domain.md §8).

Issued through the documents app: numbered "Số 12-BC/HU" per issuing unit and committee term,
rendered from the editable Word template `generic_document` in the Party's layout, stored with
its template version. Downloading the same report (unit, period, figures as of the same day)
again returns the document already issued that day instead of taking a new number.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from uommam.documents.models import DocType, GeneratedDocument
from uommam.documents.services import document_docx, document_issue, document_pdf
from uommam.vn.dates import format_vn
from uommam.vn.numbers import format_int, format_percent

from .exporters import RATE_LABELS_VI
from .funnel import Funnel

PURPOSE = "funnel_report"
TEMPLATE = "generic_document"


def _pct(value: float | None) -> str:
    return format_percent(value) if value is not None else "–"


def report_summary(funnel: Funnel) -> str:
    return (
        "Báo cáo kết quả công tác phát triển đảng viên trong học sinh "
        f"từ {format_vn(funnel.date_from)} đến {format_vn(funnel.date_to)}"
    )


def report_paragraphs(funnel: Funnel) -> list[str]:
    """The body, in Vietnamese whatever the user's language (official documents always are)."""
    s, r, t = funnel.stages, funnel.rates, funnel.targets
    paragraphs = [
        f"Thực hiện nhiệm vụ phát triển đảng viên trong học sinh, {funnel.unit.name} báo cáo kết quả "
        f"từ ngày {format_vn(funnel.date_from)} đến ngày {format_vn(funnel.date_to)} "
        f"(số liệu cập nhật đến ngày {format_vn(funnel.as_of)}) như sau:",
        "I. KẾT QUẢ",
        f"1. Đã mở {format_int(funnel.classes)} lớp bồi dưỡng nhận thức về Đảng; "
        f"{format_int(s['enrolled'])} học sinh được cử đi học, {format_int(s['certified'])} học sinh "
        "được cấp giấy chứng nhận.",
        f"2. Số học sinh được kết nạp vào Đảng: {format_int(s['admitted'])} đồng chí, đạt tỷ lệ "
        f"{_pct(r['admission_rate'])} so với số học sinh được cấp giấy chứng nhận "
        f"({format_int(s['admitted'])}/{format_int(s['certified'])}).",
        f"3. Quần chúng được đưa vào danh sách cảm tình Đảng: {format_int(s['sympathisers'])}; "
        f"chi bộ xét, biểu quyết đề nghị kết nạp: {format_int(s['voted'])}; tổ chức lễ kết nạp: "
        f"{format_int(s['probationary'])}; công nhận đảng viên chính thức: {format_int(s['official'])}.",
        f"4. Học sinh đã học lớp nhưng ra trường khi chưa đủ tuổi, được giới thiệu về địa phương hoặc "
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
            f"5. Chỉ tiêu năm học {', '.join(t['school_years'])}: cử {format_int(to_class)} học sinh đi học lớp "
            f"(đạt {_pct(s['enrolled'] / to_class if to_class else None)}), kết nạp {format_int(to_admit)} "
            f"học sinh (đạt {_pct(s['admitted'] / to_admit if to_admit else None)})."
        )
    paragraphs.append("II. KẾT QUẢ THEO TỪNG TRƯỜNG")
    for index, row in enumerate(funnel.by_school, start=1):
        paragraphs.append(
            f"{index}. {row.label}: {format_int(row.get('certified'))} được cấp giấy chứng nhận, "
            f"{format_int(row.get('admitted'))} được kết nạp ({_pct(row.admission_rate)})."
        )
    paragraphs.append("III. CÁC TỶ LỆ")
    for name, value in r.items():
        paragraphs.append(f"- {RATE_LABELS_VI[name]}: {_pct(value)}.")
    paragraphs.append(
        "Tỷ lệ kết nạp được tính bằng số học sinh có quyết định kết nạp chia cho số học sinh được cấp giấy "
        "chứng nhận trong cùng kỳ báo cáo."
    )
    return paragraphs


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
        context={
            "paragraphs": report_paragraphs(funnel),
            "as_of": funnel.as_of.isoformat(),
            "figures": funnel.as_json(),
        },
        on=on,
        actor=actor,
        summary=summary,
        recipients=["Cấp ủy cấp trên (để báo cáo)", "Các chi bộ trường THPT", "Lưu Văn phòng"],
        signer_title="PHÓ BÍ THƯ" if funnel.unit.is_committee else "BÍ THƯ",
        purpose=PURPOSE,
    )


def report_docx(document: GeneratedDocument) -> bytes:
    data = getattr(document, "docx_bytes", None)
    return data if data is not None else document_docx(document)


def report_pdf(document: GeneratedDocument) -> bytes:
    return document_pdf(document)
