"""A deployment's regulation-set file: every way it can be wrong, refused with a message naming the file, the
set and the key (what ``manage.py check`` shows as uommam.E020), and the files that are accepted as they are."""

import pytest

from uommam.rules import REGULATION_SETS, loader
from uommam.rules.loader import RegulationSetError

DOCS = (
    'implementing = "300-QĐ/TW"\nimplementing_issued_on = 2027-01-01\n'
    'guidance = "07-HD/TW"\nguidance_issued_on = 2027-01-02\nforms = "12-HD/BTCTW"\n'
)


def refusal(text: str) -> str:
    with pytest.raises(RegulationSetError) as refused:
        loader.load_sets(text, source="deploy.toml")
    return str(refused.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("foo = 1\n", "deploy.toml: unknown top-level keys ['foo']; sets are written as [[set]] tables"),
        ("set = 5\n", "deploy.toml: 'set' must be an array of tables ([[set]])"),
        ("set = [1]\n", "deploy.toml: 'set' must be an array of tables ([[set]])"),
        ("[[set]]\nvalid_from = 2027-01-01\n", "deploy.toml: every [[set]] needs a non-empty text 'code'"),
        (
            '[[set]]\ncode = "X"\nvalid_from = 2027-01-01\nimplementing = "300-QĐ/TW"\n',
            "deploy.toml: new set 'X' lacks implementing_issued_on, guidance, guidance_issued_on, forms",
        ),
        ('[[set]]\ncode = "2021"\nvalues = 5\n', "deploy.toml: set '2021': [set.values] is missing"),
        ('[[set]]\ncode = "2021"\ncitations = 5\n', "deploy.toml: set '2021': [set.citations] is missing"),
        ('[[set]]\ncode = "2021"\nvalid_from = "soon"\n', "deploy.toml: set '2021': valid_from must be a TOML date"),
        (
            '[[set]]\ncode = "2021"\nvalid_from = 2025-01-20\n',
            "deploy.toml: sets '2021' and '2025-01' both start on 2025-01-20",
        ),
        # A set placed before every other has nothing to inherit from: it must state its citations and values.
        (
            f'[[set]]\ncode = "2019"\nvalid_from = 2019-01-01\n{DOCS}',
            "deploy.toml: set '2019': [set.citations] is missing",
        ),
    ],
)
def test_a_bad_file_is_refused_naming_file_set_and_key(text: str, message: str) -> None:
    assert refusal(text).startswith(message)


def test_text_that_is_not_toml_is_refused() -> None:
    assert refusal("[[set]\n").startswith("deploy.toml: not valid TOML: ")


def test_the_default_source_name_is_regulation_sets() -> None:
    with pytest.raises(RegulationSetError) as refused:
        loader.load_sets("foo = 1\n")
    assert str(refused.value).startswith("regulation sets: unknown top-level keys")


@pytest.mark.parametrize("text", ["", "# nothing yet\n", '[[set]]\ncode = "X"\nwithdrawn = true\n'])
def test_an_empty_file_or_a_withdrawn_unknown_set_changes_nothing(text: str) -> None:
    assert loader.load_sets(text) == REGULATION_SETS


def test_a_set_between_two_built_in_sets_inherits_from_the_one_before_it() -> None:
    sets = loader.load_sets(f'[[set]]\ncode = "2025-09"\nvalid_from = 2025-09-01\n{DOCS}')
    codes = [s.code for s in sets]
    assert codes[:5] == ["2021", "2025-01", "2025-07", "2025-09", "2026-04"]
    new = sets[3]
    # From 2025-07: the certificate's point of 06-HD/TW (5.4) now points to the new guidance, unverified.
    assert [(c.document, c.point, c.confidence) for c in new.citations_for("certificate_validity")] == [
        ("07-HD/TW", "5.4", "U")
    ]
    assert new.value("probation_months") == sets[2].value("probation_months")


def test_a_set_right_after_the_first_inherits_from_it() -> None:
    sets = loader.load_sets(f'[[set]]\ncode = "2022"\nvalid_from = 2022-01-01\n{DOCS}')
    assert [s.code for s in sets][:3] == ["2021", "2022", "2025-01"]
    assert sets[1].citation_for("decision_deadline").document == "300-QĐ/TW"


def test_a_built_in_sets_values_and_citations_are_not_changed_by_an_override_of_another() -> None:
    loader.load_sets('[[set]]\ncode = "2021"\n[set.values]\nprobation_months = { value = 18, confidence = "C1" }\n')
    fresh = loader.load_sets()
    assert fresh[0].value("probation_months").value == 12


def override_2021(table: str, line: str) -> str:
    return f'[[set]]\ncode = "2021"\n[set.{table}]\n{line}\n'


SET = "deploy.toml: set '2021'"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("foo = 1", f"{SET}: unknown values ['foo']"),
        ("probation_months = 12", f"{SET}: value probation_months is missing; write probation_months = {{ value = …, "),
        (
            'probation_months = { value = 12, confidence = "C2", bar = 1 }',
            f"{SET}: value probation_months: unknown keys ['bar']",
        ),
        ('probation_months = { value = 0, confidence = "C2" }', f"{SET}: value probation_months must be a positive"),
        ('probation_months = { value = true, confidence = "C2" }', f"{SET}: value probation_months must be a positive"),
        ('probation_months = { value = "12", confidence = "C2" }', f"{SET}: value probation_months must be a positive"),
        (
            'ceremony_counted_from = { value = "ceremony", confidence = "C2" }',
            f"{SET}: value ceremony_counted_from must be one of ['decision_received', 'decision_issued'], not 'ceremony'",
        ),
        (
            'deciding_organ = { value = " ", confidence = "C2" }',
            f"{SET}: value deciding_organ must be a non-empty text",
        ),
        ('deciding_organ = { value = 5, confidence = "C2" }', f"{SET}: value deciding_organ must be a non-empty text"),
        (
            'probation_months = { value = 12, confidence = "C2", provisional = "yes" }',
            f"{SET}: value probation_months: provisional must be true/false and note a text",
        ),
        (
            'probation_months = { value = 12, confidence = "C2", note = 5 }',
            f"{SET}: value probation_months: provisional must be true/false and note a text",
        ),
        (
            'probation_months = { value = 12, confidence = "C3" }',
            f"{SET}: value probation_months: confidence must be one of ['C2', 'C1', 'U'], not 'C3'",
        ),
    ],
)
def test_a_bad_value_is_refused_naming_it(line: str, message: str) -> None:
    assert refusal(override_2021("values", line)).startswith(message)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("foo = []", f"{SET}: citations of unknown rules ['foo']"),
        ("forms = []", f"{SET}: citation of forms is missing; every rule needs at least one citation"),
        ('forms = "12-HD/BTCTW"', f"{SET}: citation of forms is missing; every rule needs at least one citation"),
        ("forms = [5]", f"{SET}: citation of forms: write {{ document = …, point = …, confidence = … }}"),
        ('forms = [{ document = "x", page = 3 }]', f"{SET}: citation of forms: write {{ document = …, point = …"),
        (
            'forms = [{ document = 12, confidence = "C2" }]',
            f"{SET}: citation of forms: document and point must be texts",
        ),
        ('forms = [{ point = 4, confidence = "C2" }]', f"{SET}: citation of forms: document and point must be texts"),
        (
            'forms = [{ confidence = "C2", provisional = "no" }]',
            f"{SET}: citation of forms: provisional must be true or false",
        ),
        ('forms = [{ confidence = "sure" }]', f"{SET}: citation of forms: confidence must be one of"),
    ],
)
def test_a_bad_citation_is_refused_naming_the_rule(line: str, message: str) -> None:
    assert refusal(override_2021("citations", line)).startswith(message)


def test_a_good_override_keeps_its_citation_fields() -> None:
    sets = loader.load_sets(
        override_2021(
            "citations", 'forms = [{ document = "13-HD/BTCTW", point = "2", confidence = "C1", provisional = true }]'
        )
    )
    cited = sets[0].citation_for("forms")
    assert (cited.document, cited.point, cited.confidence, cited.provisional) == ("13-HD/BTCTW", "2", "C1", True)
    value = loader.load_sets(
        override_2021("values", 'probation_months = { value = 18, confidence = "U", provisional = true, note = "thử" }')
    )[0].value("probation_months")
    assert (value.value, value.confidence, value.provisional, value.note) == (18, "U", True, "thử")


def test_parse_toml_names_its_default_source_and_one_is_a_valid_value() -> None:
    with pytest.raises(RegulationSetError) as refused:
        loader.parse_toml("foo = 1\n")
    assert str(refused.value).startswith("regulation sets: unknown top-level keys")
    sets = loader.load_sets(override_2021("values", 'probation_months = { value = 1, confidence = "U" }'))
    assert sets[0].value("probation_months").value == 1
