"""The regulation sets written out for people: the JSON of ``manage.py rules sets --json`` and the generated
section of docs/rules.md, pinned on two small sets (one closed and verified, one open and provisional)."""

from datetime import date
from types import MappingProxyType

import pytest

from uommam.rules import Citation, RegulationSet
from uommam.rules.regulations import VALUE_NAMES, SetValue
from uommam.rules.sets_doc import BEGIN, END, _dmy, describe, markdown, replace_section

CLOSED = RegulationSet(
    code="A",
    valid_from=date(2021, 7, 30),
    valid_until=date(2025, 1, 19),
    implementing="24-QĐ/TW",
    implementing_issued_on=date(2021, 7, 30),
    guidance="01-HD/TW",
    guidance_issued_on=date(2021, 9, 28),
    forms="12-HD/BTCTW",
    citations=MappingProxyType({}),
    values=MappingProxyType({"probation_months": SetValue(12, "C2")}),
)
OPEN = RegulationSet(
    code="B",
    valid_from=date(2025, 1, 20),
    valid_until=None,
    implementing="232-QĐ/TW",
    implementing_issued_on=date(2025, 1, 20),
    guidance="01-HD/TW",
    guidance_issued_on=date(2021, 9, 28),
    forms="12-HD/BTCTW",
    citations=MappingProxyType({"probation_period": (Citation("Điều lệ Đảng", "Điều 5, khoản 1", "C2"),)}),
    values=MappingProxyType({"probation_months": SetValue(12, "U", provisional=True, note="chưa rõ")}),
    provisional=True,
    note="ghi chú",
)


def test_the_markdown_section_lists_periods_documents_values_and_notes() -> None:
    rows = [f"| `{name}` | — | — |" for name in VALUE_NAMES if name != "probation_months"]
    rows.insert(VALUE_NAMES.index("probation_months"), "| `probation_months` | 12 [C2] | 12 [U] provisional |")
    assert markdown([CLOSED, OPEN]).split("\n") == [
        BEGIN,
        "",
        "| Code | In force | Implementing regulation | Guidance | Forms | Provisional |",
        "|---|---|---|---|---|---|",
        "| `A` | 30/07/2021 – 19/01/2025 | Quy định 24-QĐ/TW (30/07/2021) | Hướng dẫn 01-HD/TW (28/09/2021) | "
        "Hướng dẫn 12-HD/BTCTW | no |",
        "| `B` | from 20/01/2025 | Quy định 232-QĐ/TW (20/01/2025) | Hướng dẫn 01-HD/TW (28/09/2021) | "
        "Hướng dẫn 12-HD/BTCTW | yes — chưa đối chiếu văn bản gốc |",
        "",
        "Values by set (`[confidence]`; *provisional* = kept from 2025 until the original text is checked):",
        "",
        "| Value | `A` | `B` |",
        "|---|---|---|",
        *rows,
        "",
        "Notes:",
        "",
        "- `B`: ghi chú",
        "",
        END,
    ]


def test_sets_without_notes_have_no_notes_paragraph() -> None:
    text = markdown([CLOSED])
    assert "Notes:" not in text
    assert text.endswith(f"| `{VALUE_NAMES[-1]}` | — |\n\n{END}")


def test_dates_print_as_dd_mm_yyyy_and_no_date_as_nothing() -> None:
    assert _dmy(date(2026, 7, 26)) == "26/07/2026"
    assert _dmy(None) == ""


def test_the_json_description_has_every_field_with_iso_dates() -> None:
    assert describe([CLOSED, OPEN])[1] == {
        "code": "B",
        "valid_from": "2025-01-20",
        "valid_until": None,
        "implementing": "232-QĐ/TW",
        "implementing_issued_on": "2025-01-20",
        "guidance": "01-HD/TW",
        "guidance_issued_on": "2021-09-28",
        "forms": "12-HD/BTCTW",
        "provisional": True,
        "basis": "theo Quy định 232-QĐ/TW — chưa đối chiếu văn bản gốc",
        "note": "ghi chú",
        "values": {"probation_months": {"value": 12, "confidence": "U", "provisional": True, "note": "chưa rõ"}},
        "citations": {
            "probation_period": [
                {
                    "document": "Điều lệ Đảng",
                    "point": "Điều 5, khoản 1",
                    "confidence": "C2",
                    "text": "Điều lệ Đảng, Điều 5, khoản 1",
                }
            ]
        },
    }
    closed = describe([CLOSED])[0]
    assert (closed["valid_until"], closed["provisional"], closed["basis"]) == (
        "2025-01-19",
        False,
        "theo Quy định 24-QĐ/TW",
    )


def test_the_section_between_the_markers_is_replaced_and_the_rest_kept() -> None:
    document = f"Đầu\n<!-- regulation-sets:begin (old wording) -->\ncũ\n{END}\nCuối\n"
    assert replace_section(document, "MỚI") == "Đầu\nMỚI\nCuối\n"


def test_a_document_that_is_only_the_section_is_replaced_whole() -> None:
    assert replace_section(f"{BEGIN}\ncũ\n{END}", "MỚI") == "MỚI"


def test_prose_after_the_section_that_names_its_markers_is_kept() -> None:
    # A later paragraph may explain the markers; only the first generated section is replaced.
    after = f"\nThe lines between {BEGIN} and {END} are generated.\n"
    document = f"Đầu\n{BEGIN}\ncũ\n{END}{after}"
    assert replace_section(document, "MỚI") == f"Đầu\nMỚI{after}"


@pytest.mark.parametrize(
    "document",
    ["no markers at all", f"{END}\n{BEGIN}\n", f"{BEGIN}\nno end", f"no begin\n{END}"],
)
def test_a_document_without_both_markers_in_order_is_refused(document: str) -> None:
    with pytest.raises(ValueError, match=r"^docs/rules\.md has no regulation-sets markers$"):
        replace_section(document, "MỚI")
