"""Malformed sheets never crash the importer and never write partially."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uommam.imports import services
from uommam.imports.reader import ImportFileError
from uommam.people.models import Person
from uommam.testing.spreadsheets import NATIONAL_HEADERS, csv_bytes, xlsx_bytes

cell = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(min_value=-(10**13), max_value=10**13),
    st.floats(allow_nan=True, allow_infinity=False, width=32),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
    st.sampled_from(["Nam", "Nữ", "Tày", "Kinh", "31/02/2010", "05/09/2010", "008210012345", "NguyÔn", "Tổng số"]),
)
header = st.sampled_from(NATIONAL_HEADERS + ["Họ đệm", "Tên", "Dân tộc", "", "Cha", "Năm sinh mẹ"])
sheet = st.tuples(
    st.lists(header, min_size=0, max_size=9),
    st.lists(st.lists(cell, max_size=10), max_size=12),
)


def _sanitise(value):
    # openpyxl refuses control characters that Excel itself never stores.
    if isinstance(value, str):
        return "".join(ch for ch in value if ch.isprintable())
    return value


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sheet=sheet, as_csv=st.booleans(), skip_invalid=st.booleans())
def test_malformed_sheets_never_crash_and_never_write_partially(secretary, school, sheet, as_csv, skip_invalid):
    headers, rows = sheet
    table = [headers, *[[_sanitise(v) for v in row] for row in rows]]
    data = csv_bytes(table) if as_csv else xlsx_bytes(table)
    before = Person.objects.count()
    try:
        outcome = services.import_file(
            actor=secretary,
            school=school,
            data=data,
            file_name="x.csv" if as_csv else "x.xlsx",
            skip_invalid=skip_invalid,
        )
    except (ImportFileError, services.ImportRefused):
        assert Person.objects.count() == before
        return
    created = outcome.batch.created
    assert Person.objects.count() == before + created
    assert created == sum(1 for r in outcome.analysis.valid_rows if r.action == "create")
    if not skip_invalid:
        assert not outcome.analysis.errors
    Person.objects.all().delete()
