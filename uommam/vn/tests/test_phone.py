from uommam.vn.phone import check_phone


def test_a_mobile_number_written_as_text_is_kept_with_separators_removed():
    assert check_phone("0912.345.678").value == "0912345678"
    assert check_phone("0912 345 678").problems == []


def test_a_mobile_number_stored_as_a_number_gets_its_leading_zero_back():
    check = check_phone(912345678)
    assert (check.value, check.problems) == ("0912345678", ["phone_zero_restored"])
    assert check_phone(912345678.0).value == "0912345678"


def test_a_fixed_line_has_eleven_digits_with_an_area_code_starting_with_two():
    assert check_phone("0207 3822 123").problems == []
    check = check_phone(2073822123)
    assert (check.value, check.problems) == ("02073822123", ["phone_zero_restored"])


def test_international_prefix_becomes_the_trunk_zero():
    assert check_phone("+84 912 345 678").value == "0912345678"
    assert check_phone("84912345678").value == "0912345678"


def test_wrong_lengths_and_old_prefixes_are_reported():
    assert check_phone("091234567").problems == ["phone_length"]
    assert check_phone("01234567890").problems == ["phone_length"]  # the 11-digit mobile prefixes ended in 2018
    assert check_phone("0612345678").problems == ["phone_length"]


def test_text_that_is_not_a_number_is_kept_as_written():
    check = check_phone("bố: 0912345678")
    assert (check.value, check.problems) == ("bố: 0912345678", ["phone_not_number"])


def test_an_empty_cell_is_no_number_and_no_problem():
    assert check_phone(None).value == "" and check_phone("  ").problems == []
