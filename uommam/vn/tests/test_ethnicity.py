import pytest

from uommam.vn.ethnicity import ETHNIC_GROUPS, ethnicity_key, match_ethnicity


def test_there_are_54_groups_with_two_digit_codes():
    assert len(ETHNIC_GROUPS) == 54
    assert [code for code, _, _ in ETHNIC_GROUPS] == [f"{i:02d}" for i in range(1, 55)]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("kinh", ("01", "Kinh")),
        ("Việt", ("01", "Kinh")),
        ("Tay", ("02", "Tày")),
        ("TÀY", ("02", "Tày")),
        ("H'Mông", ("08", "Mông")),
        ("Hmong", ("08", "Mông")),
        ("Mèo", ("08", "Mông")),
        ("mông", ("08", "Mông")),
        ("Khmer", ("05", "Khơ-me")),
        ("Khơ me", ("05", "Khơ-me")),
        ("Gia Rai", ("10", "Gia-rai")),
        ("gia-rai", ("10", "Gia-rai")),
        ("M’Nông", ("20", "Mnông")),
        ("Dân tộc Dao", ("09", "Dao")),
        (" Sán  Chay ", ("15", "Sán Chay")),
        ("Cao Lan", ("15", "Sán Chay")),
        ("Co", ("30", "Co")),
        ("Cờ Lao", ("47", "Cờ Lao")),
    ],
)
def test_spellings_match_the_official_group(raw, expected):
    assert match_ethnicity(raw) == expected


@pytest.mark.parametrize("raw", ["", None, "Khác", "Nước ngoài", "Kinhh", "Mô"])
def test_unknown_spellings_do_not_match(raw):
    assert match_ethnicity(raw) is None


def test_no_two_groups_share_a_normalised_spelling():
    seen = {}
    for code, name, aliases in ETHNIC_GROUPS:
        for spelling in (name, *aliases):
            assert seen.setdefault(ethnicity_key(spelling), code) == code, spelling


def test_every_official_name_matches_itself():
    for code, name, _ in ETHNIC_GROUPS:
        assert match_ethnicity(name) == (code, name)


@pytest.mark.parametrize(
    ("written", "code"),
    [("Dao đỏ", "09"), ("Dao Tiền", "09"), ("DAO TIỀN", "09"), ("Thái trắng", "03"), ("Kinh (Việt)", "01"),
     ("Dao quần chẹt", "09"), ("Dao do", "09")],
)  # fmt: skip
def test_local_subgroups_belong_to_their_group(written, code):
    from uommam.vn.ethnicity import match_ethnic_subgroup

    assert match_ethnicity(written) is None
    assert match_ethnic_subgroup(written)[0] == code


@pytest.mark.parametrize("written", ["Kinh Tày", "Người nước ngoài", "Dao có ba từ thêm", "", "Tày", "Tây Ban Nha"])
def test_two_groups_or_unknown_words_are_not_a_subgroup(written):
    from uommam.vn.ethnicity import match_ethnic_subgroup

    assert match_ethnic_subgroup(written) is None
