"""The periodic report's own template parsed back: the figures table, the per-school table, the
Vietnamese numbers, the header and the signature block of the issuing unit."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest

from uommam.documents.build_templates import HEADER_WIDTHS
from uommam.documents.models import GeneratedDocument
from uommam.documents.tests.test_layout import assert_fixed_widths
from uommam.reports.documents import TEMPLATE, report_docx, report_issue
from uommam.reports.funnel import Funnel, Row, compute_funnel

from .helpers import FULL, candidacy, make_student

PERIOD = {"date_from": "2023-09-01", "date_to": "2024-08-31", "as_of": "2026-01-01"}


def _funnel(unit, *, referral_metrics: bool = True) -> Funnel:
    stages = {
        "youth_union_members": 1496,
        "sympathisers": 420,
        "enrolled": 388,
        "certified": 371,
        "dossier_complete": 20,
        "voted": 13,
        "admitted": 12,
        "probationary": 12,
        "official": 9,
        "referred": 213,
        "withdrawn": 0,
        "not_admitted": 1,
        "struck_off": 0,
        "moved": 2,
    }
    if referral_metrics:
        stages |= {"acknowledged": 85, "admitted_at_destination": 18}
    # Rate numerators: of each rate's cohort, how many reached the stage by the cut-off.
    rate_counts = {
        "sympathiser_rate": 420,
        "class_rate": 388,
        "certification_rate": 371,
        "admission_rate": 12,
        "vote_to_decision_rate": 12,
        "official_rate": 9,
        "referral_rate": 213,
        "acknowledged_rate": 85,
        "admitted_at_destination_rate": 18,
    }
    schools = [
        Row(
            key=1,
            label="THPT Chiêm Hóa",
            counts={"enrolled": 200, "certified": 190, "admitted": 10},
            rate_counts={"admission_rate": 10},
        ),
        Row(
            key=2,
            label="THPT Hà Lang",
            counts={"enrolled": 188, "certified": 181, "admitted": 2},
            rate_counts={"admission_rate": 2},
        ),
    ]
    return Funnel(
        unit=unit,
        date_from=dt.date(2020, 8, 1),
        date_to=dt.date(2025, 6, 30),
        as_of=dt.date(2025, 9, 5),
        classes=10,
        stages=stages,
        rate_counts=rate_counts,
        targets={},
        by_school=schools,
        by_year=[],
        by_cohort=[],
        by_sex=[],
        by_ethnicity=[],
        referral_metrics_available=referral_metrics,
    )


def _cells(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def _issue(unit, **kwargs):
    # Issued on the district's last day (it closed on 30/06/2025).
    document = report_issue(funnel=_funnel(unit, **kwargs), actor=None, on=dt.date(2025, 6, 30))
    return document, docx.Document(io.BytesIO(report_docx(document)))


def test_figures_table_has_every_stage_with_vietnamese_numbers(world) -> None:
    document, parsed = _issue(world.units["HU-D"])
    assert document.template_name == TEMPLATE == "report_funnel"
    header, figures, schools, foot = parsed.tables
    assert _cells(figures) == [
        ["STT", "Chỉ tiêu / Nội dung", "Số lượng", "Tỷ lệ"],
        ["1", "Đoàn viên trong học sinh", "1.496", ""],
        ["2", "Quần chúng được đưa vào danh sách cảm tình Đảng", "420", "28,1% (420/1.496)"],
        ["3", "Học sinh được cử đi học lớp bồi dưỡng nhận thức về Đảng", "388", "92,4% (388/420)"],
        ["4", "Học sinh được cấp giấy chứng nhận", "371", "95,6% (371/388)"],
        ["5", "Hoàn thiện hồ sơ đề nghị kết nạp", "20", ""],
        ["6", "Chi bộ xét, biểu quyết đề nghị kết nạp", "13", ""],
        ["7", "Có quyết định kết nạp vào Đảng", "12", "3,2% (12/371)"],
        ["8", "Được công nhận đảng viên chính thức", "9", "75,0% (9/12)"],
        [
            "9",
            "Ra trường khi chưa đủ tuổi, được giới thiệu về địa phương, trường đại học, cao đẳng",
            "213",
            "57,4% (213/371)",
        ],
        ["10", "Nơi nhận đã xác nhận tiếp nhận giới thiệu", "85", "39,9% (85/213)"],
        ["11", "Được kết nạp tại nơi nhận", "18", "8,5% (18/213)"],
    ]
    assert _cells(schools) == [
        ["STT", "Trường", "Cử đi học lớp", "Được cấp giấy chứng nhận", "Được kết nạp", "Tỷ lệ kết nạp"],
        ["1", "THPT Chiêm Hóa", "200", "190", "10", "5,3%"],
        ["2", "THPT Hà Lang", "188", "181", "2", "1,1%"],
        ["", "Tổng cộng", "388", "371", "12", "3,2%"],
    ]
    # The header row repeats on each page; the figures are the ones stored with the document.
    assert figures.rows[0]._tr.trPr.xml.count("tblHeader") == 1
    assert document.context["figures"]["stages"]["certified"] == 371
    assert_fixed_widths(header, HEADER_WIDTHS)


def test_report_text_title_period_sections_and_signature(world) -> None:
    _document, parsed = _issue(world.units["HU-D"])
    paragraphs = [p.text for p in parsed.paragraphs]
    title = paragraphs.index("BÁO CÁO")
    assert paragraphs[title + 1] == "Kết quả công tác phát triển đảng viên trong học sinh"
    assert "từ ngày 01/08/2020 đến ngày 30/06/2025" in paragraphs
    intro = next(p for p in paragraphs if p.startswith("Thực hiện nhiệm vụ"))
    assert "Huyện ủy Thử nghiệm" in intro and "từ ngày 01/08/2020 đến ngày 30/06/2025" in intro
    text = "\n".join(paragraphs)
    for expected in (
        "Đã mở 10 lớp bồi dưỡng nhận thức về Đảng",
        "371 học sinh được cấp giấy chứng nhận",
        "12 đồng chí, đạt tỷ lệ 3,2%",
        "I. KẾT QUẢ THỰC HIỆN",
        "II. ĐÁNH GIÁ CHUNG",
        "III. PHƯƠNG HƯỚNG, ĐỀ XUẤT",
        "cao nhất THPT Chiêm Hóa (5,3%), thấp nhất THPT Hà Lang (1,1%)",
        "dòng 7 trong số ở dòng 4",
    ):
        assert expected in text, expected
    header, *_rest, foot = parsed.tables
    assert header.rows[1].cells[0].text == "Số 01-BC/HU"
    assert header.rows[1].cells[1].text.endswith("ngày 30 tháng 6 năm 2025")
    recipients, signature = (cell.text for cell in foot.rows[0].cells)
    assert recipients.startswith("Nơi nhận:") and "Tỉnh ủy Thử nghiệm (để báo cáo)" in recipients
    assert signature.startswith("T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ")


def test_cell_report_signs_for_the_cell_and_omits_unmeasured_referral_rows(world) -> None:
    _document, parsed = _issue(world.units["CB-S-A"], referral_metrics=False)
    figures = parsed.tables[1]
    assert [row[1] for row in _cells(figures)][-1] == (
        "Ra trường khi chưa đủ tuổi, được giới thiệu về địa phương, trường đại học, cao đẳng"
    )
    assert len(figures.rows) == 10
    signature = parsed.tables[-1].rows[0].cells[1].text
    assert signature.startswith("T/M CHI BỘ\nBÍ THƯ")


@pytest.fixture
def filled(world):
    a, b = world.units["S-A"], world.units["S-B"]
    candidacy(make_student(a, given="Bình"), world.units["CB-S-A"], FULL)
    candidacy(make_student(a, given="An"), world.units["CB-S-A"], FULL[:3])
    candidacy(make_student(b, given="Cúc"), world.units["CB-S-B"], FULL)
    return world


def test_computed_funnel_tables_add_up(filled) -> None:
    funnel = compute_funnel(
        unit=filled.units["HU-D"],
        date_from=dt.date.fromisoformat(PERIOD["date_from"]),
        date_to=dt.date.fromisoformat(PERIOD["date_to"]),
        as_of=dt.date.fromisoformat(PERIOD["as_of"]),
    )
    document = report_issue(funnel=funnel, actor=None)
    parsed = docx.Document(io.BytesIO(report_docx(document)))
    figures = {row[1]: row[2:] for row in _cells(parsed.tables[1])}
    assert figures["Học sinh được cấp giấy chứng nhận"][0] == "3"
    assert figures["Có quyết định kết nạp vào Đảng"] == ["2", "66,7% (2/3)"]
    assert _cells(parsed.tables[2])[-1] == ["", "Tổng cộng", "3", "3", "2", "66,7%"]
    assert GeneratedDocument.objects.get().template_name == "report_funnel"


def test_a_closed_units_report_is_issued_by_its_successor_in_its_name(world) -> None:
    document, parsed = (lambda d: (d, docx.Document(io.BytesIO(report_docx(d)))))(
        report_issue(funnel=_funnel(world.units["HU-D"]), actor=None, on=dt.date(2025, 9, 5))
    )
    assert document.unit == world.units["DU-A"]
    assert document.number_text == "01-BC/ĐU"
    header = parsed.tables[0]
    assert "ĐẢNG ỦY XÃ" in header.rows[0].cells[0].text and "HUYỆN ỦY" not in header.rows[0].cells[0].text
    intro = next(p.text for p in parsed.paragraphs if p.text.startswith("Thực hiện nhiệm vụ"))
    assert intro.startswith(f"Thực hiện nhiệm vụ phát triển đảng viên trong học sinh, {world.units['DU-A'].name}")
    assert "của Huyện ủy Thử nghiệm (nay do" in intro and "đã kết thúc hoạt động ngày 30/06/2025" in intro


def test_targets_name_the_school_years_without_one(world) -> None:
    from uommam.reports.documents import targets_paragraph

    funnel = _funnel(world.units["HU-D"])
    funnel.targets = {
        "school_years": ["2023-2024", "2024-2025"],
        "years_without_target": ["2023-2024"],
        "students_to_class": 40,
        "students_to_admit": 4,
        "enrolled_in_those_years": 30,
        "admitted_in_those_years": 3,
    }
    text = targets_paragraph(funnel)
    assert text.startswith("- Chỉ tiêu năm học 2024-2025: cử 40 học sinh đi học lớp (thực hiện 30, đạt 75,0%)")
    assert "kết nạp 4 học sinh (thực hiện 3, đạt 75,0%)" in text
    assert text.endswith("năm học 2023-2024 không được giao chỉ tiêu.")
