import pytest
from hypothesis import given
from hypothesis import strategies as st

from uommam.vn.citizen_id import CitizenIdCheck, check_citizen_id, province_for_code


def codes(issues):
    return [issue.code for issue in issues]


def test_valid_id_matching_sex_and_year_has_no_issues():
    result = check_citizen_id("008209012345", sex="M", birth_year=2009)
    assert result == CitizenIdCheck(value="008209012345")
    assert result.ok


def test_spaces_and_dots_inside_are_ignored():
    assert check_citizen_id(" 008 209 012 345 ").value == "008209012345"


@pytest.mark.parametrize("raw", [8209012345, 8209012345.0, "8209012345", "8209012345.0"])
def test_excel_stripped_leading_zeros_are_restored_with_a_warning(raw):
    result = check_citizen_id(raw, sex="M", birth_year=2009)
    assert result.value == "008209012345"
    assert result.restored_leading_zeros
    assert result.errors == []
    assert codes(result.warnings) == ["citizen_id_leading_zeros_restored"]
    assert "008209012345" in result.warnings[0].message_vi


def test_eleven_digit_number_gets_one_zero_back():
    assert check_citizen_id(40309012345).value == "040309012345"  # Nghệ An, female, 2009


def test_short_number_is_not_padded_when_the_province_would_not_exist():
    result = check_citizen_id("3209012345")  # padded prefix 003 is not a province
    assert result.value is None
    assert codes(result.errors) == ["citizen_id_wrong_length"]


def test_short_text_that_already_starts_with_zero_is_a_missing_digit_not_a_lost_zero():
    result = check_citizen_id("08209012345")
    assert codes(result.errors) == ["citizen_id_wrong_length"]


@pytest.mark.parametrize("raw", ["0082090123456", "12345", 1234567890123])
def test_wrong_length_is_an_error(raw):
    result = check_citizen_id(raw)
    assert result.value is None
    assert codes(result.errors) == ["citizen_id_wrong_length"]
    assert "12 chữ số" in result.errors[0].message_vi


@pytest.mark.parametrize("raw", ["00820901234A", "8.20901E+09", "—", -8209012345, 8209012345.5, True])
def test_non_digits_are_an_error(raw):
    result = check_citizen_id(raw)
    assert result.value is None
    assert codes(result.errors) == ["citizen_id_not_digits"]


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_blank_is_nothing_to_check(raw):
    assert check_citizen_id(raw) == CitizenIdCheck(value=None)


def test_unknown_province_is_only_a_warning():
    result = check_citizen_id("003209012345")
    assert result.value == "003209012345"
    assert codes(result.warnings) == ["citizen_id_unknown_province"]


def test_sex_mismatch_is_only_a_warning():
    result = check_citizen_id("008309012345", sex="M", birth_year=2009)  # 3 = female born 2000–2099
    assert result.value == "008309012345"
    assert codes(result.warnings) == ["citizen_id_sex_mismatch"]


def test_birth_year_and_century_mismatches_are_warnings():
    result = check_citizen_id("008209012345", sex="M", birth_year=1909)
    assert codes(result.warnings) == ["citizen_id_century_mismatch"]
    result = check_citizen_id("008209012345", sex="M", birth_year=2008)
    assert codes(result.warnings) == ["citizen_id_birth_year_mismatch"]
    result = check_citizen_id("008085012345", sex="M", birth_year=1985)
    assert result.warnings == []


def test_female_twentieth_century_digit():
    assert check_citizen_id("001175012345", sex="F", birth_year=1975).warnings == []


def test_province_lookup():
    assert province_for_code("008") == "Tuyên Quang"
    assert province_for_code("001") == "Hà Nội"
    assert province_for_code("003") is None


@given(st.one_of(st.text(), st.integers(), st.floats(), st.none(), st.booleans()), st.sampled_from(["M", "F", None]))
def test_check_never_raises_and_value_is_twelve_digits(raw, sex):
    result = check_citizen_id(raw, sex=sex, birth_year=2009)
    assert (result.value is None) or (len(result.value) == 12 and result.value.isdigit())
    assert not (result.value and result.errors)


@given(st.from_regex(r"0[0-9]{2}[0-3][0-9]{8}", fullmatch=True))
def test_twelve_digit_ids_are_never_rejected(raw):
    result = check_citizen_id(raw, sex="F", birth_year=1990)
    assert result.value == raw
    assert result.errors == []
