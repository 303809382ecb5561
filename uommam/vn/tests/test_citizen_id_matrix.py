"""The citizen-ID matrix: sex × century × province, the century boundaries, and numeric cells that are not IDs.

Digit 4 (Thông tư 59/2021/TT-BCA): 0 male / 1 female born 1900–1999, 2/3 2000–2099, 4/5 2100–2199.
"""

import pytest

from uommam.vn.citizen_id import check_citizen_id, province_codes, province_for_code


def codes(check: object) -> list[str]:
    return [issue.code for issue in check.warnings]  # type: ignore[attr-defined]


def make_id(province: str, digit: int, year: int) -> str:
    return f"{province}{digit}{year % 100:02d}012345"


@pytest.mark.parametrize("province", ["001", "008", "096"])
@pytest.mark.parametrize(
    ("digit", "sex", "first_year", "last_year"),
    [(0, "M", 1900, 1999), (1, "F", 1900, 1999), (2, "M", 2000, 2099), (3, "F", 2000, 2099), (4, "M", 2100, 2199)],
)
def test_matching_sex_and_both_ends_of_the_century_raise_nothing(
    province: str, digit: int, sex: str, first_year: int, last_year: int
) -> None:
    for year in (first_year, last_year):
        check = check_citizen_id(make_id(province, digit, year), sex=sex, birth_year=year)  # type: ignore[arg-type]
        assert (check.value, check.errors, check.warnings) == (make_id(province, digit, year), [], [])


@pytest.mark.parametrize(
    ("digit", "declared", "id_says"), [(0, "F", "nam"), (1, "M", "nữ"), (2, "F", "nam"), (3, "M", "nữ")]
)
def test_a_declared_sex_that_the_fourth_digit_contradicts_is_a_warning(digit: int, declared: str, id_says: str) -> None:
    raw = make_id("008", digit, 9)
    check = check_citizen_id(raw, sex=declared)  # type: ignore[arg-type]
    assert check.ok and check.value == raw
    assert [(i.code, i.message_vi) for i in check.warnings] == [
        (
            "citizen_id_sex_mismatch",
            f"Chữ số thứ 4 của số định danh cá nhân {raw} ứng với giới tính {id_says}, khác giới tính đã khai",
        )
    ]


def test_a_woman_whose_id_digit_says_male_is_warned() -> None:
    assert codes(check_citizen_id("008009012345", sex="F", birth_year=2009)) == [
        "citizen_id_sex_mismatch",
        "citizen_id_century_mismatch",
    ]
    assert codes(check_citizen_id("008309012345", sex="F", birth_year=2009)) == []


def test_no_declared_sex_means_no_sex_warning() -> None:
    assert codes(check_citizen_id("008009012345")) == []


@pytest.mark.parametrize(
    ("digit", "year", "range_text"),
    [
        (2, 1999, "2000–2099"),  # born 1999 with a 2000s digit
        (0, 2000, "1900–1999"),  # born 2000 with a 1900s digit
        (2, 2100, "2000–2099"),
        (0, 1899, "1900–1999"),
        (4, 2099, "2100–2199"),
    ],
)
def test_a_birth_year_just_outside_the_century_of_the_fourth_digit_is_a_warning(
    digit: int, year: int, range_text: str
) -> None:
    raw = make_id("001", digit, year)
    check = check_citizen_id(raw, birth_year=year)
    assert [(i.code, i.message_vi) for i in check.warnings] == [
        (
            "citizen_id_century_mismatch",
            f"Chữ số thứ 4 của số định danh cá nhân {raw} ứng với người sinh năm {range_text}, khác năm sinh {year}",
        )
    ]


def test_birth_year_digits_that_differ_are_a_warning() -> None:
    check = check_citizen_id("001209012345", birth_year=2008)
    assert [(i.code, i.message_vi) for i in check.warnings] == [
        (
            "citizen_id_birth_year_mismatch",
            "Chữ số thứ 5–6 của số định danh cá nhân 001209012345 là 09, khác năm sinh 2008",
        )
    ]
    assert codes(check_citizen_id("001200012345", birth_year=2000)) == []  # "00" is the year 2000, not a gap


def test_an_unknown_province_is_named_in_the_warning() -> None:
    check = check_citizen_id("003209012345")
    assert check.value == "003209012345"
    assert [(i.code, i.message_vi) for i in check.warnings] == [
        (
            "citizen_id_unknown_province",
            "Mã tỉnh 003 ở đầu số định danh cá nhân 003209012345 không có trong danh sách",
        )
    ]


def test_restored_zeros_are_reported_with_the_restored_number() -> None:
    check = check_citizen_id(8209012345)
    assert (check.value, check.restored_leading_zeros) == ("008209012345", True)
    assert [(i.code, i.message_vi) for i in check.warnings] == [
        (
            "citizen_id_leading_zeros_restored",
            "Đã thêm số 0 bị mất ở đầu số định danh cá nhân: 008209012345 — hãy kiểm tra lại",
        )
    ]
    assert check_citizen_id("008209012345").restored_leading_zeros is False


@pytest.mark.parametrize(
    "raw", [float("nan"), float("inf"), float("-inf"), -8209012345, -8209012345.0, 8209012345.5, True, False]
)
def test_numeric_cells_that_are_not_ids_are_an_error_and_never_raise(raw: object) -> None:
    check = check_citizen_id(raw)
    assert check.value is None and not check.ok
    assert [(i.code, i.message_vi) for i in check.errors] == [
        ("citizen_id_not_digits", f"Số định danh cá nhân “{raw}” chỉ được gồm các chữ số")
    ]


@pytest.mark.parametrize(
    ("raw", "value"),
    [(8209012345.0, "008209012345"), ("8209012345.0", "008209012345"), ("008.209.012.345", "008209012345"),
     (0, None), ("008-209-012-345", "008209012345"), (" 008 209 012 345 ", "008209012345")],
)  # fmt: skip
def test_numbers_and_typed_separators_are_normalised(raw: object, value: str | None) -> None:
    assert check_citizen_id(raw).value == value


def test_a_wrong_length_names_the_count_and_long_cells_are_shortened() -> None:
    check = check_citizen_id("0082090123")
    assert [(i.code, i.message_vi) for i in check.errors] == [
        ("citizen_id_wrong_length", "Số định danh cá nhân “0082090123” có 10 chữ số; phải có đủ 12 chữ số")
    ]
    long = "1" * 45
    assert check_citizen_id(long).errors[0].message_vi == (
        f"Số định danh cá nhân “{'1' * 40}…” có 45 chữ số; phải có đủ 12 chữ số"
    )
    forty = "x" * 40
    assert check_citizen_id(forty).errors[0].message_vi == f"Số định danh cá nhân “{forty}” chỉ được gồm các chữ số"


def test_full_width_digits_are_not_digits() -> None:
    assert check_citizen_id("００８２０９０１２３４５").errors[0].code == "citizen_id_not_digits"


def test_province_codes_are_a_copy_of_the_reference_list() -> None:
    table = province_codes()
    assert len(table) == 63 and table["008"] == "Tuyên Quang" == province_for_code("008")
    table["008"] = "changed"
    assert province_codes()["008"] == "Tuyên Quang"
    assert province_for_code("003") is None
