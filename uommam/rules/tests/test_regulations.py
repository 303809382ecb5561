"""Regulation sets by date of the act, and the citation every rule carries."""

from datetime import date
from typing import get_args

import pytest

from uommam.rules import REGULATION_SETS, Citation, RuleKey, citation_for, citations_for, regulation_set_for


@pytest.mark.parametrize(
    ("on", "code", "implementing", "guidance"),
    [
        (date(2021, 7, 30), "2021", "24-QĐ/TW", "01-HD/TW"),
        (date(2025, 1, 19), "2021", "24-QĐ/TW", "01-HD/TW"),
        (date(2025, 1, 20), "2025-01", "232-QĐ/TW", "01-HD/TW"),
        (date(2025, 6, 30), "2025-01", "232-QĐ/TW", "01-HD/TW"),
        (date(2025, 7, 1), "2025-07", "294-QĐ/TW", "06-HD/TW"),
        (date(2026, 4, 7), "2025-07", "294-QĐ/TW", "06-HD/TW"),
        (date(2026, 4, 8), "2026-04", "20-QĐ/TW", "06-HD/TW"),
        (date(2026, 5, 19), "2026-05", "20-QĐ/TW", "01-HD/TW"),
        (date(2026, 7, 25), "2026-05", "20-QĐ/TW", "01-HD/TW"),
        (date(2026, 7, 26), "2026-07", "208-QĐ/TW", "01-HD/TW"),
        (date(2030, 1, 1), "2026-07", "208-QĐ/TW", "01-HD/TW"),
    ],
)
def test_regulation_set_is_chosen_by_the_date_of_the_act(on: date, code: str, implementing: str, guidance: str) -> None:
    s = regulation_set_for(on)
    assert (s.code, s.implementing, s.guidance, s.forms) == (code, implementing, guidance, "12-HD/BTCTW")
    assert not s.before_coverage


def test_dates_before_30_07_2021_get_the_2021_set_flagged_before_coverage() -> None:
    s = regulation_set_for(date(2021, 7, 29))
    assert s.code == "2021"
    assert s.before_coverage


def test_certificate_validity_cites_guidance_06_point_5_4_from_july_2025() -> None:
    c = citation_for("certificate_validity", on=date(2025, 8, 1))
    assert c == Citation(document="06-HD/TW", point="5.4", confidence="C2")
    assert c.text == "Hướng dẫn 06-HD/TW, điểm 5.4"
    assert citation_for("certificate_validity", on=date(2024, 8, 1)).text == "Hướng dẫn 01-HD/TW"


def test_age_rule_cites_the_implementing_regulation_in_force() -> None:
    assert citation_for("admission_age", on=date(2024, 1, 1)).text == "Quy định 24-QĐ/TW, điểm 1.1.1"
    assert citation_for("admission_age", on=date(2025, 3, 1)).text == "Quy định 232-QĐ/TW, điểm 1.1.1"
    assert citations_for("admission_age", on=date(2025, 9, 1))[1].text == "Điều lệ Đảng, Điều 1, khoản 2"


def test_deadline_rules_cite_their_points() -> None:
    on = date(2025, 3, 1)
    assert citation_for("decision_deadline", on=on).text == "Quy định 232-QĐ/TW, điểm 4.3.1"
    assert citation_for("ceremony_deadline", on=on).text == "Quy định 232-QĐ/TW, điểm 4.1"
    assert citation_for("seniority", on=on).text == "Điều lệ Đảng, Điều 5, khoản 4"
    assert citation_for("month_period_end", on=on).text == "Bộ luật Dân sự 2015, Điều 147–148"
    assert citation_for("introducer_months_together", on=on).text == "Quy định 232-QĐ/TW, điểm 3.2.1"
    assert [c.text for c in citations_for("seniority", on=on)] == [
        "Điều lệ Đảng, Điều 5, khoản 4",
        "Hướng dẫn 01-HD/TW, điểm 5.3",
    ]


def test_uncertain_values_say_they_are_configurable() -> None:
    c = citation_for("personal_history_validity", on=date(2025, 9, 1))
    assert c.confidence == "U"
    assert c.text == "Chưa tìm thấy văn bản quy định (giá trị cấu hình)"


def test_every_rule_has_a_citation_in_every_set() -> None:
    for s in REGULATION_SETS:
        for rule in get_args(RuleKey):
            assert s.citations_for(rule), (s.code, rule)


def test_the_sets_cover_every_date_from_30_07_2021_without_gaps() -> None:
    for earlier, later in zip(REGULATION_SETS, REGULATION_SETS[1:], strict=False):
        assert earlier.valid_until is not None
        assert (later.valid_from - earlier.valid_until).days == 1
    assert REGULATION_SETS[-1].valid_until is None


def test_regulation_set_title_is_in_vietnamese() -> None:
    assert regulation_set_for(date(2025, 9, 1)).title == (
        "Quy định 294-QĐ/TW; Hướng dẫn 06-HD/TW; Hướng dẫn 12-HD/BTCTW"
    )
