from __future__ import annotations

import io
import json
from datetime import date

from django.core.management import call_command
from openpyxl import load_workbook

from uommam import rules
from uommam.core.rules_config import rules_settings
from uommam.core.xlsx import neutralise as safe_text
from uommam.pipeline.stages import Stage
from uommam.referrals.selectors import forecast_rows, forecast_summary

TODAY = date(2026, 1, 15)


def make_three(rw):
    now = rw.candidate(dob=date(2007, 6, 1), leaves=date(2026, 5, 31), given="Đủ")  # 18 since 06/2025
    before = rw.candidate(dob=date(2008, 3, 1), leaves=date(2026, 5, 31), given="Trước")  # 18 in 03/2026
    refer = rw.candidate(dob=date(2008, 10, 20), leaves=date(2026, 5, 31), given="Chuyển", class_name="12A2")
    return now, before, refer


def test_groups_match_rules_forecast(rw) -> None:
    now, before, refer = make_three(rw)
    rw.candidate(certified=None, stage=Stage.SYMPATHISER)  # no certificate: not forecast
    rw.candidate(stage=Stage.WITHDRAWN)  # left the pipeline: not forecast
    rows = forecast_rows(unit=rw.units["CB-A"], today=TODAY)
    assert {row.candidate.pk for row in rows} == {now.pk, before.pk, refer.pk}
    settings = rules_settings()
    for row in rows:
        expected = rules.forecast(
            row.person.dob,
            row.person.expected_leaving_on,
            today=TODAY,
            certificate_issued_on=row.candidate.certificate_issued_on,
            policy=settings.age_policy,
            settings=settings,
        )
        assert row.forecast == expected
    summary = forecast_summary(rows)
    assert [r.candidate.pk for r in summary.groups["admit_now"]] == [now.pk]
    assert [r.candidate.pk for r in summary.groups["admit_before_leaving"]] == [before.pk]
    assert [r.candidate.pk for r in summary.groups["refer"]] == [refer.pk]
    assert summary.by_class["12A2"]["refer"] == 1
    assert summary.by_cohort[2023]["admit_now"] == 1


def test_school_and_committee_scopes_include_their_cells(rw) -> None:
    make_three(rw)
    rw.candidate(cell="CB-B")
    assert len(forecast_rows(unit=rw.units["S-A"], today=TODAY)) == 3
    assert len(forecast_rows(unit=rw.units["DU-A"], today=TODAY)) == 4


def test_forecast_command_prints_the_exact_json_contract(rw) -> None:
    _now, _before, refer = make_three(rw)
    out = io.StringIO()
    call_command("referrals", "forecast", "--unit", "CB-A", "--today", "2026-01-15", "--json", stdout=out)
    payload = json.loads(out.getvalue())
    assert set(payload) == {"unit", "today", "students"}
    assert payload["unit"] == "CB-A"
    assert payload["today"] == "2026-01-15"
    assert len(payload["students"]) == 3
    keys = {"person_id", "full_name", "dob", "leaves_school_on", "eligible_from", "action", "certificate_expires_on"}
    assert all(set(s) == keys for s in payload["students"])
    row = next(s for s in payload["students"] if s["person_id"] == refer.person_id)
    assert row == {
        "person_id": refer.person_id,
        "full_name": refer.person.full_name,
        "dob": "2008-10-20",
        "leaves_school_on": "2026-05-31",
        "eligible_from": "2026-10-01",
        "action": "refer",
        "certificate_expires_on": rules.certificate_expires_on(date(2025, 12, 1)).isoformat(),
    }


def test_forecast_page_and_excel_export(rw) -> None:
    make_three(rw)
    client = rw.client("cell_a")
    page = client.get("/referrals/forecast/", {"today": "2026-01-15"})
    assert page.status_code == 200
    assert "Chuyển" in page.content.decode()
    export = client.get("/referrals/forecast/export.xlsx", {"today": "2026-01-15", "purpose": "filing"})
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 4
    dob_cell = sheet.cell(row=2, column=2)
    assert dob_cell.is_date and dob_cell.number_format.upper() == "DD/MM/YYYY"  # format codes ignore case


def test_formula_injection_is_neutralised() -> None:
    assert safe_text("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert safe_text("@cmd") == "'@cmd"
    assert safe_text("Ma Thị Lan") == "Ma Thị Lan"
    assert safe_text(12) == 12


def test_sibling_school_cannot_open_another_forecast(rw) -> None:
    rw.candidate()
    assert rw.client("cell_b").get("/referrals/forecast/", {"unit": "CB-A"}).status_code == 404
