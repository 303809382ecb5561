"""Every rule's citations in every regulation set, pinned to document, point and confidence.

The table is ``uommam/rules/data/regulation_sets.toml`` and ``docs/rules.md`` written out independently: in each
set only the implementing regulation (Q) and the guidance (G) change; the certificate point is verified only
for 06-HD/TW, 01-HD/TW (2021) point 5.3 on seniority only for that guidance, and the 2026 texts not at all
(their Q citations are "U" and provisional).
"""

from datetime import date
from typing import get_args

import pytest

from uommam.rules import REGULATION_SETS, Citation, RuleKey, citation_for, citations_for, loader
from uommam.rules.citations import document_title

Q, G, CERT = "Q", "G", "CERT"
CHARTER, CIVIL, LABOUR, FORMS = "Điều lệ Đảng", "Bộ luật Dân sự 2015", "Bộ luật Lao động 2019", "12-HD/BTCTW"

# A citation of the implementing regulation (Q) keeps its point in every set; under an unverified (2026) regulation
# its confidence is "U" and it is provisional. Every other citation is the same in every set, except the
# certificate's (CERT) and the seniority point of the guidance (G, 5.3), pinned per set in SETS.
EXPECTED: dict[str, list[tuple[str | None, str | None, str]]] = {
    "admission_age": [(Q, "1.1.1", "C2"), (CHARTER, "Điều 1, khoản 2", "C2")],
    "age_counted_by_month": [(Q, "1.1.1", "U")],
    "higher_decision_age": [(Q, "1.1.2", "C2")],
    "certificate_validity": [(CERT, CERT, CERT)],
    "month_period_end": [(CIVIL, "Điều 147–148", "C2")],
    "personal_history_validity": [(None, None, "U")],
    "introduction_validity": [(None, None, "U")],
    "introducer_months_together": [(Q, "3.2.1", "C2"), (CHARTER, "Điều 4", "C2")],
    "working_days": [(LABOUR, "Điều 112", "C2")],
    "decision_deadline": [(Q, "4.3.1", "C2")],
    "decision_extension": [(Q, "4.3.1", "C2")],
    "ceremony_deadline": [(Q, "4.1", "C2")],
    "probation_period": [(CHARTER, "Điều 5, khoản 1", "C2")],
    "official_review_deadline": [(Q, "4.2", "C2")],
    "official_as_of_probation_end": [(Q, "4.2", "C2")],
    "official_decision_deadline": [(Q, "4.3.1", "C2")],
    "seniority": [(CHARTER, "Điều 5, khoản 4", "C2"), (G, "5.3", "C2")],
    "referral": [(None, None, "U")],
    "forms": [(FORMS, None, "C2")],
    "class_result": [(None, None, "U")],
    "record_dates": [(Q, "4.1", "C2"), (Q, "4.3.1", "C2")],
    "admission_route": [(CHARTER, "Điều 4", "C1"), (FORMS, None, "C1")],
}

OLD_CERT = Citation("01-HD/TW", None, "C2")  # the 2021 guidance says 60 months; its point is not verified
CERT_06 = Citation("06-HD/TW", "5.4", "C2")
NEW_CERT = Citation("01-HD/TW", None, "U", provisional=True)  # the 2026 guidance, known from secondary sources

SETS: dict[str, tuple[date, str, str, Citation, bool, bool]] = {
    # code: (first day, implementing, guidance, certificate citation, seniority point verified, provisional)
    "2021": (date(2021, 7, 30), "24-QĐ/TW", "01-HD/TW", OLD_CERT, True, False),
    "2025-01": (date(2025, 1, 20), "232-QĐ/TW", "01-HD/TW", OLD_CERT, True, False),
    "2025-07": (date(2025, 7, 1), "294-QĐ/TW", "06-HD/TW", CERT_06, False, False),
    "2026-04": (date(2026, 4, 8), "20-QĐ/TW", "06-HD/TW", CERT_06, False, True),
    "2026-05": (date(2026, 5, 19), "20-QĐ/TW", "01-HD/TW", NEW_CERT, False, True),
    "2026-07": (date(2026, 7, 26), "208-QĐ/TW", "01-HD/TW", NEW_CERT, False, True),
}


def expected_citations(code: str, rule: str) -> tuple[Citation, ...]:
    _, q, g, cert, seniority_point, provisional = SETS[code]
    out = []
    for document, point, confidence in EXPECTED[rule]:
        if document == CERT:
            out.append(cert)
        elif document == Q:
            out.append(Citation(q, point, "U" if provisional else confidence, provisional))  # type: ignore[arg-type]
        elif document == G:
            if seniority_point:
                out.append(Citation(g, point, confidence))  # type: ignore[arg-type]
        else:
            out.append(Citation(document, point, confidence))  # type: ignore[arg-type]
    return tuple(out)


def test_the_expected_table_names_every_rule() -> None:
    assert sorted(EXPECTED) == sorted(get_args(RuleKey))
    assert [s.code for s in REGULATION_SETS] == list(SETS)


@pytest.mark.parametrize("code", list(SETS))
@pytest.mark.parametrize("rule", list(EXPECTED))
def test_citations_of_every_rule_in_every_set(code: str, rule: RuleKey) -> None:
    on = SETS[code][0]
    expected = expected_citations(code, rule)
    assert citations_for(rule, on=on) == expected
    assert citation_for(rule, on=on) == expected[0]
    regulation_set = next(s for s in REGULATION_SETS if s.code == code)
    assert regulation_set.citations_for(rule) == expected


def test_the_unverified_2026_citations_say_so_and_the_verified_ones_do_not() -> None:
    assert citation_for("decision_deadline", on=date(2026, 7, 26)).text == (
        "Quy định 208-QĐ/TW, điểm 4.3.1 — chưa đối chiếu văn bản gốc"
    )
    assert citation_for("certificate_validity", on=date(2026, 5, 19)).text == (
        "Hướng dẫn 01-HD/TW — chưa đối chiếu văn bản gốc"
    )
    assert citation_for("certificate_validity", on=date(2026, 4, 8)).text == "Hướng dẫn 06-HD/TW, điểm 5.4"
    assert citation_for("probation_period", on=date(2026, 7, 26)).text == "Điều lệ Đảng, Điều 5, khoản 1"
    assert citation_for("decision_deadline", on=date(2026, 4, 7)).text == "Quy định 294-QĐ/TW, điểm 4.3.1"


@pytest.mark.parametrize(
    ("citation", "text"),
    [
        (Citation("06-HD/TW", "5.4", "C2"), "Hướng dẫn 06-HD/TW, điểm 5.4"),
        (Citation("294-QĐ/TW", "4.3.1", "C2"), "Quy định 294-QĐ/TW, điểm 4.3.1"),
        (Citation("Điều lệ Đảng", "Điều 5, khoản 1", "C2"), "Điều lệ Đảng, Điều 5, khoản 1"),
        (Citation("12-HD/BTCTW", None, "C2"), "Hướng dẫn 12-HD/BTCTW"),
        (Citation(None, None, "U"), "Chưa tìm thấy văn bản quy định (giá trị cấu hình)"),
    ],
)
def test_citation_text_in_vietnamese(citation: Citation, text: str) -> None:
    assert citation.text == text
    assert str(citation) == text


@pytest.mark.parametrize(
    ("document", "title"),
    [
        ("24-QĐ/TW", "Quy định 24-QĐ/TW"),
        ("01-HD/TW", "Hướng dẫn 01-HD/TW"),
        ("12-HD/BTCTW", "Hướng dẫn 12-HD/BTCTW"),
        ("Điều lệ Đảng", "Điều lệ Đảng"),
        ("X24-QĐ/TW", "X24-QĐ/TW"),  # only a document number at the start is a Party act
        ("24-QĐ/TWX", "24-QĐ/TWX"),
        ("24-QĐ/BTCTW", "24-QĐ/BTCTW"),
        ("-HD/TW", "-HD/TW"),
    ],
)
def test_document_titles(document: str, title: str) -> None:
    assert document_title(document) == title


def test_set_titles_and_issue_dates() -> None:
    assert [
        (s.title, s.implementing_issued_on, s.guidance_issued_on, s.valid_from, s.valid_until, s.provisional)
        for s in REGULATION_SETS
    ] == [
        ("Quy định 24-QĐ/TW; Hướng dẫn 01-HD/TW; Hướng dẫn 12-HD/BTCTW", date(2021, 7, 30), date(2021, 9, 28),
         date(2021, 7, 30), date(2025, 1, 19), False),
        ("Quy định 232-QĐ/TW; Hướng dẫn 01-HD/TW; Hướng dẫn 12-HD/BTCTW", date(2025, 1, 20), date(2021, 9, 28),
         date(2025, 1, 20), date(2025, 6, 30), False),
        ("Quy định 294-QĐ/TW; Hướng dẫn 06-HD/TW; Hướng dẫn 12-HD/BTCTW", date(2025, 5, 26), date(2025, 6, 9),
         date(2025, 7, 1), date(2026, 4, 7), False),
        ("Quy định 20-QĐ/TW; Hướng dẫn 06-HD/TW; Hướng dẫn 12-HD/BTCTW", date(2026, 4, 8), date(2025, 6, 9),
         date(2026, 4, 8), date(2026, 5, 18), True),
        ("Quy định 20-QĐ/TW; Hướng dẫn 01-HD/TW; Hướng dẫn 12-HD/BTCTW", date(2026, 4, 8), date(2026, 5, 19),
         date(2026, 5, 19), date(2026, 7, 25), True),
        ("Quy định 208-QĐ/TW; Hướng dẫn 01-HD/TW; Hướng dẫn 12-HD/BTCTW", date(2026, 7, 26), date(2026, 5, 19),
         date(2026, 7, 26), None, True),
    ]  # fmt: skip
    labels = {s.code: s.label for s in REGULATION_SETS}
    assert labels["2025-07"] == "Quy định 294-QĐ/TW; Hướng dẫn 06-HD/TW; Hướng dẫn 12-HD/BTCTW"
    assert labels["2026-07"] == (
        "Quy định 208-QĐ/TW; Hướng dẫn 01-HD/TW; Hướng dẫn 12-HD/BTCTW — chưa đối chiếu văn bản gốc"
    )


@pytest.mark.parametrize("code", list(SETS))
def test_the_data_file_gives_the_pinned_citations(code: str) -> None:
    # REGULATION_SETS is built once at import; loading the data file again checks the same table at test time.
    (fresh,) = [s for s in loader.load_sets() if s.code == code]
    assert {rule: fresh.citations_for(rule) for rule in EXPECTED} == {  # type: ignore[arg-type]
        rule: expected_citations(code, rule) for rule in EXPECTED
    }
    assert sorted(fresh.citations) == sorted(EXPECTED)
    assert fresh.provisional is SETS[code][5]
