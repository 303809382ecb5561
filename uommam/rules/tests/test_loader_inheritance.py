"""How a new regulation set inherits from the set before it, and how the loader names what is wrong.

Built from small raw tables (what ``parse_toml`` returns), so each rule of ``merge``/``build`` is seen alone:
a new set keeps the previous set's values and citations, renames citations of the documents it replaces (their
point then unverified), keeps those of documents it does not replace, and its own entries win.
"""

from datetime import date
from typing import Any

import pytest

from uommam.rules import loader
from uommam.rules.loader import RegulationSetError
from uommam.rules.regulations import SetValue

DOCS_2021 = {
    "implementing": "24-QĐ/TW",
    "implementing_issued_on": date(2021, 7, 30),
    "guidance": "01-HD/TW",
    "guidance_issued_on": date(2021, 9, 28),
    "forms": "12-HD/BTCTW",
}
PREVIOUS: dict[str, Any] = {
    "code": "A",
    "valid_from": date(2021, 7, 30),
    **DOCS_2021,
    "values": {"probation_months": {"value": 12, "confidence": "C2"}},
    "citations": {
        "seniority": [{"document": "01-HD/TW", "point": "5.3", "confidence": "C2"}],
        "decision_deadline": [{"document": "24-QĐ/TW", "point": "4.3.1", "confidence": "C2"}],
        "forms": [{"document": "12-HD/BTCTW", "confidence": "C2"}],
    },
}


def new_set(**changes: Any) -> dict[str, Any]:
    return {"code": "B", "valid_from": date(2025, 1, 20), **DOCS_2021, **changes}


def test_a_new_set_without_values_or_citations_takes_the_previous_sets() -> None:
    _a, b = loader.merge([PREVIOUS], [new_set(implementing="232-QĐ/TW")])
    assert b["values"] == PREVIOUS["values"]
    assert b["citations"]["forms"] == [{"document": "12-HD/BTCTW", "confidence": "C2"}]


def test_a_previous_set_without_values_or_citations_gives_nothing_to_inherit() -> None:
    bare = {"code": "A", "valid_from": date(2021, 7, 30), **DOCS_2021}
    _a, b = loader.merge([bare], [new_set()])
    assert (b["values"], b["citations"]) == ({}, {})


def test_citations_of_a_replaced_guidance_point_to_the_new_one_unverified() -> None:
    _a, b = loader.merge([PREVIOUS], [new_set(guidance="02-HD/TW", provisional=True)])
    assert b["citations"]["seniority"] == [
        {"document": "02-HD/TW", "point": "5.3", "confidence": "U", "provisional": True}
    ]
    # The implementing regulation was not replaced: its citation keeps its confidence.
    assert b["citations"]["decision_deadline"] == [{"document": "24-QĐ/TW", "point": "4.3.1", "confidence": "C2"}]


def test_a_renamed_citation_of_a_verified_set_is_not_provisional() -> None:
    _a, b = loader.merge([PREVIOUS], [new_set(implementing="232-QĐ/TW")])
    assert b["citations"]["decision_deadline"] == [
        {"document": "232-QĐ/TW", "point": "4.3.1", "confidence": "U", "provisional": False}
    ]


def test_the_new_sets_own_values_and_citations_win() -> None:
    own = new_set(
        values={"probation_months": {"value": 18, "confidence": "C1"}},
        citations={"forms": [{"document": "13-HD/BTCTW", "confidence": "C1"}]},
    )
    _a, b = loader.merge([PREVIOUS], [own])
    assert b["values"]["probation_months"] == {"value": 18, "confidence": "C1"}
    assert b["citations"]["forms"] == [{"document": "13-HD/BTCTW", "confidence": "C1"}]
    assert b["citations"]["seniority"] == PREVIOUS["citations"]["seniority"]


def complete(**changes: Any) -> dict[str, Any]:
    """A whole valid raw set (the built-in 2021 set) with ``changes``."""
    first = loader.parse_toml(loader.BUILTIN_PATH.read_text(encoding="utf-8"))[0]
    raw = {**first, **changes}
    for key in [k for k, v in changes.items() if v is None]:
        del raw[key]
    return raw


def test_a_set_without_provisional_or_note_is_verified_and_has_no_note() -> None:
    (built,) = loader.build([complete(provisional=None, note=None)])
    assert (built.provisional, built.note) == (False, "")


def test_a_value_without_provisional_or_note_is_verified_and_has_no_note() -> None:
    (built,) = loader.build([complete()])
    # The built-in 2021 set writes probation_months = { value = 12, confidence = "C2" }: nothing else.
    assert built.values["probation_months"] == SetValue(12, "C2", False, "")


def test_a_built_set_keeps_every_document_date_and_note() -> None:
    (built,) = loader.build([complete(note="xem văn bản", forms="13-HD/BTCTW")])
    assert (built.implementing, built.implementing_issued_on) == ("24-QĐ/TW", date(2021, 7, 30))
    assert (built.guidance, built.guidance_issued_on) == ("01-HD/TW", date(2021, 9, 28))
    assert (built.forms, built.note, built.valid_until) == ("13-HD/BTCTW", "xem văn bản", None)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"provisional": "yes"}, "deploy.toml: set '2021': provisional must be true or false"),
        ({"note": 5}, "deploy.toml: set '2021': note must be a text"),
        ({"implementing": 5}, "deploy.toml: set '2021': implementing must be a non-empty text"),
        ({"guidance": "  "}, "deploy.toml: set '2021': guidance must be a non-empty text"),
        ({"valid_from": "2021-07-30"}, "deploy.toml: set '2021': valid_from must be a TOML date"),
        ({"implementing_issued_on": "x"}, "deploy.toml: set '2021': implementing_issued_on must be a TOML date"),
        ({"guidance_issued_on": "x"}, "deploy.toml: set '2021': guidance_issued_on must be a TOML date"),
        ({"forms": ""}, "deploy.toml: set '2021': forms must be a non-empty text"),
    ],
)
def test_a_bad_key_is_refused_naming_the_file_set_and_key(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(RegulationSetError) as refused:
        loader.build([complete(**changes)], source="deploy.toml")
    assert str(refused.value).startswith(message)


def test_no_set_left_is_refused() -> None:
    with pytest.raises(RegulationSetError) as refused:
        loader.build([])
    assert str(refused.value) == "regulation sets: no regulation set is left"


def test_an_override_adds_a_table_its_base_set_lacks_and_leaves_the_base_untouched() -> None:
    bare = {"code": "A", "valid_from": date(2021, 7, 30), **DOCS_2021}
    base = [bare, PREVIOUS | {"code": "P", "valid_from": date(2020, 1, 1)}]
    merged = loader.merge(
        base,
        [
            {"code": "A", "citations": {"forms": [{"document": "13-HD/BTCTW", "confidence": "C1"}]}},
            {
                "code": "P",
                "values": {"probation_months": {"value": 18, "confidence": "C1"}},
                "citations": {"forms": [{"document": "13-HD/BTCTW", "confidence": "C1"}]},
            },
        ],
    )
    by_code = {raw["code"]: raw for raw in merged}
    assert by_code["A"]["citations"] == {"forms": [{"document": "13-HD/BTCTW", "confidence": "C1"}]}
    assert by_code["P"]["values"]["probation_months"]["value"] == 18
    # The base tables were copied, not changed in place.
    assert "citations" not in bare
    assert base[1]["values"] == {"probation_months": {"value": 12, "confidence": "C2"}}
    assert PREVIOUS["values"] == {"probation_months": {"value": 12, "confidence": "C2"}}
    assert PREVIOUS["citations"]["forms"] == [{"document": "12-HD/BTCTW", "confidence": "C2"}]


def test_a_base_set_without_a_code_is_refused_naming_the_source() -> None:
    with pytest.raises(RegulationSetError) as refused:
        loader.merge([{"valid_from": date(2021, 7, 30)}], [])
    assert str(refused.value) == "regulation sets: every [[set]] needs a non-empty text 'code'"
