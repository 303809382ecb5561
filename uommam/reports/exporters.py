"""The reports' Excel exports, on the shared base `uommam.core.xlsx` (real numbers and dates, dd/mm/yyyy,
frozen header, formula injection neutralised). Exports are official material, so headers are always
Vietnamese."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from uommam.core.xlsx import XLSX_CONTENT_TYPE, Column, Exporter, Sheet, neutralise  # noqa: F401 (re-exported)
from uommam.vn.dates import format_vn

from .funnel import LABELS, RATES, Funnel, ratio
from .selectors import NameRow

# --- The funnel ------------------------------------------------------------------------------

STAGE_LABELS_VI = {
    "youth_union_members": "Đoàn viên",
    "sympathisers": "Cảm tình Đảng (vào danh sách)",
    "enrolled": "Học lớp bồi dưỡng nhận thức về Đảng",
    "certified": "Được cấp giấy chứng nhận",
    "dossier_complete": "Hoàn thiện hồ sơ",
    "voted": "Chi bộ xét, biểu quyết",
    "admitted": "Có quyết định kết nạp",
    "probationary": "Đã tổ chức lễ kết nạp",
    "official": "Công nhận đảng viên chính thức",
    "referred": "Giới thiệu chuyển tiếp",
    "withdrawn": "Rút khỏi danh sách",
    "not_admitted": "Không được kết nạp",
    "struck_off": "Xóa tên",
    "moved": "Chuyển trường",
    "acknowledged": "Nơi nhận đã xác nhận",
    "admitted_at_destination": "Được kết nạp tại nơi nhận",
}
RATE_LABELS_VI = {
    "sympathiser_rate": "Tỷ lệ đoàn viên vào danh sách cảm tình Đảng",
    "class_rate": "Tỷ lệ cảm tình Đảng được cử đi học lớp",
    "certification_rate": "Tỷ lệ học viên được cấp giấy chứng nhận",
    "admission_rate": "Tỷ lệ kết nạp (kết nạp ÷ được cấp giấy chứng nhận)",
    "vote_to_decision_rate": "Tỷ lệ chi bộ đề nghị có quyết định kết nạp",
    "official_rate": "Tỷ lệ công nhận chính thức trên số kết nạp",
    "referral_rate": "Tỷ lệ giới thiệu chuyển tiếp trên số được cấp giấy",
    "acknowledged_rate": "Tỷ lệ giới thiệu được nơi nhận xác nhận",
    "admitted_at_destination_rate": "Tỷ lệ được kết nạp tại nơi nhận trên số được giới thiệu",
}
assert set(RATE_LABELS_VI) == set(RATES) and set(STAGE_LABELS_VI) >= set(LABELS)

BREAKDOWN_KEYS = (
    "youth_union_members",
    "sympathisers",
    "enrolled",
    "certified",
    "voted",
    "admitted",
    "official",
    "referred",
)


class _StageSheet(Sheet):
    title = "Tổng hợp"
    columns = (
        Column("Chỉ tiêu thống kê", 48),
        Column("Số lượng", 12, "int"),
        Column("Tỷ lệ", 12, "percent"),
        Column("Tử số (trong nhóm)", 14, "int"),
        Column("Mẫu số (nhóm)", 14, "int"),
    )

    def __init__(self, funnel: Funnel) -> None:
        self.funnel = funnel

    def rows(self) -> Iterator[list[Any]]:
        f = self.funnel
        yield ["Số lớp bồi dưỡng nhận thức về Đảng", f.classes, None, None, None]
        for key, value in f.stages.items():
            yield [STAGE_LABELS_VI.get(key, key), value, None, None, None]
        for name, _label, rate, numerator, denominator in f.rate_rows():
            yield [RATE_LABELS_VI[name], None, rate, numerator, denominator]
        t = f.targets
        if t.get("students_to_admit") is not None:
            years = ", ".join(y for y in t["school_years"] if y not in t["years_without_target"])
            enrolled, admitted = t["enrolled_in_those_years"], t["admitted_in_those_years"]
            yield [f"Chỉ tiêu cử đi học lớp (năm học {years})", t["students_to_class"], None, None, None]
            yield [
                "Thực hiện cử đi học lớp trong các năm học đó",
                enrolled,
                ratio(enrolled, t["students_to_class"]),
                None,
                None,
            ]
            yield [f"Chỉ tiêu kết nạp (năm học {years})", t["students_to_admit"], None, None, None]
            yield [
                "Thực hiện kết nạp trong các năm học đó",
                admitted,
                ratio(admitted, t["students_to_admit"]),
                None,
                None,
            ]
            if t["years_without_target"]:
                yield [
                    f"Năm học không được giao chỉ tiêu: {', '.join(t['years_without_target'])}",
                    None,
                    None,
                    None,
                    None,
                ]


class _BreakdownSheet(Sheet):
    def __init__(self, title: str, first: str, rows: list[Any], with_targets: bool = False) -> None:
        self.title = title
        cols = [Column(first, 30)] + [Column(STAGE_LABELS_VI[k], 14, "int") for k in BREAKDOWN_KEYS]
        cols.append(Column("Tỷ lệ kết nạp", 12, "percent"))
        if with_targets:
            cols += [Column("Chỉ tiêu kết nạp", 12, "int"), Column("Đạt chỉ tiêu", 12, "percent")]
        self.columns = tuple(cols)
        self._rows = rows
        self.with_targets = with_targets

    def rows(self) -> Iterator[list[Any]]:
        for row in self._rows:
            values = [row.label] + [row.get(k) if k in row.counts else None for k in BREAKDOWN_KEYS]
            values.append(row.admission_rate)
            if self.with_targets:
                values.append(row.target_admit)
                values.append(ratio(row.actual_admit, row.target_admit))
            yield values


class FunnelExporter(Exporter):
    def __init__(self, funnel: Funnel) -> None:
        self.funnel = funnel
        self.filename = f"phieu-thong-ke-{funnel.unit.code}-{funnel.date_from:%Y%m%d}-{funnel.date_to:%Y%m%d}.xlsx"

    def heading(self) -> list[str]:
        f = self.funnel
        return [
            f.unit.name,
            f"Kết quả phát triển đảng viên trong học sinh từ {format_vn(f.date_from)} đến {format_vn(f.date_to)}"
            f" (số liệu tính đến ngày {format_vn(f.as_of)}"
            + (f", theo dữ liệu ghi nhận đến ngày {format_vn(f.recorded_on)}" if f.recorded_on else "")
            + ")",
        ]

    def sheets(self) -> Iterator[Sheet]:
        f = self.funnel
        yield _StageSheet(f)
        yield _BreakdownSheet("Theo trường", "Trường", f.by_school, with_targets=True)
        yield _BreakdownSheet("Theo năm học", "Năm học", f.by_year)
        yield _BreakdownSheet("Theo khóa", "Khóa (năm vào lớp 10)", f.by_cohort)
        yield _BreakdownSheet("Theo giới tính", "Giới tính", f.by_sex)
        yield _BreakdownSheet("Theo dân tộc", "Dân tộc", f.by_ethnicity)


# --- Name lists -------------------------------------------------------------------------------


class _NameSheet(Sheet):
    title = "Danh sách"
    columns = (
        Column("STT", 6, "int"),
        Column("Họ và tên", 28),
        Column("Ngày sinh", 12, "date"),
        Column("Lớp", 8),
        Column("Dân tộc", 10),
        Column("Trường", 24),
        Column("Lớp bồi dưỡng", 24),
        Column("Giấy chứng nhận", 18),
        Column("Đảng viên giúp đỡ", 24),
        Column("Ngày chi bộ xét", 12, "date"),
        Column("Ngày quyết định kết nạp", 12, "date"),
        Column("Ngày lễ kết nạp", 12, "date"),
        Column("Ngày chính thức", 12, "date"),
        Column("Ghi chú", 30),
    )

    def __init__(self, rows: list[NameRow]) -> None:
        self._rows = rows

    def rows(self) -> Iterator[list[Any]]:
        for index, row in enumerate(self._rows, start=1):
            c, p = row.candidate, row.candidate.person
            yield [
                index,
                p.full_name,
                p.dob,
                p.class_name,
                p.get_ethnicity_display(),
                (c.cell.school.short_name or c.cell.school.name) if c.cell.school is not None else c.cell.name,
                row.class_name,
                row.certificate,
                c.helper.full_name if c.helper is not None else "",
                c.cell_meeting_on,
                c.decision_on,
                c.ceremony_on,
                c.official_on,
                c.notes,
            ]


class NameListExporter(Exporter):
    def __init__(self, rows: list[NameRow], *, title: str, unit_name: str, filename: str) -> None:
        self._rows = rows
        self.title = title
        self.unit_name = unit_name
        self.filename = filename

    def heading(self) -> list[str]:
        return [self.unit_name, self.title]

    def sheets(self) -> Iterator[Sheet]:
        yield _NameSheet(self._rows)
