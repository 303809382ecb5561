"""Vietnamese collation keys, checked against hand-made expectations and an independent tuple model."""

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from uommam.vn.collation import name_sort_key, sort_key

# --- an independent model of the ICU "vi" order, written from the definition rather than the module ---
LETTERS = list("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]  # ngang huyền hỏi ngã sắc nặng (ICU vi)
MODIFIERS = {"\u0306", "\u0302", "\u031b"}
VIETNAMESE_LETTERS = [
    unicodedata.normalize("NFC", letter + tone)
    for letter in LETTERS
    for tone in (TONES if letter in "aăâeêioôơuưy" else [""])
]
ALPHABET = "".join(VIETNAMESE_LETTERS) + "".join(VIETNAMESE_LETTERS).upper()


def model_levels(text):
    primary, secondary, tertiary = [], [], []
    for ch in " ".join(unicodedata.normalize("NFC", text).split()):
        if ch == " ":
            primary.append(-1)
            secondary.append(0)
            tertiary.append(0)
            continue
        parts = unicodedata.normalize("NFD", ch.lower())
        base = parts[0] + "".join(m for m in parts[1:] if m in MODIFIERS)
        tone = "".join(m for m in parts[1:] if m not in MODIFIERS)
        primary.append(LETTERS.index(unicodedata.normalize("NFC", base)))
        secondary.append(TONES.index(tone))
        tertiary.append(1 if ch.isupper() else 0)
    return tuple(primary), tuple(secondary), tuple(tertiary)


def model_name(family, middle, given):
    # Field by field, as a list sorted on the "Tên" column, then "Họ", then "Đệm".
    return tuple(model_levels(part) for part in (given, family, middle))


def sign(x):
    return (x > 0) - (x < 0)


def cmp(a, b):
    return sign((a > b) - (a < b))


vietnamese_word = st.text(alphabet=ALPHABET, min_size=1, max_size=6)
vietnamese_text = st.lists(vietnamese_word, min_size=0, max_size=3).map(" ".join)


# --- concrete expectations ---


def test_letter_order_puts_modified_letters_after_their_base():
    words = ["Ơn", "Ưng", "Ăn", "Dung", "Ân", "Đức", "Ôn", "An", "Uyên", "Oanh", "Ênh", "En"]
    assert sorted(words, key=sort_key) == [
        "An",
        "Ăn",
        "Ân",
        "Dung",
        "Đức",
        "En",
        "Ênh",
        "Oanh",
        "Ôn",
        "Ơn",
        "Uyên",
        "Ưng",
    ]


def test_tone_order_is_icu_vi_ngang_huyen_hoi_nga_sac_nang():
    assert sorted(["ạ", "á", "ã", "ả", "à", "a"], key=sort_key) == ["a", "à", "ả", "ã", "á", "ạ"]
    assert sorted(["Ánh", "Ảnh", "Anh", "Ạnh", "Ãnh", "Ành"], key=sort_key) == [
        "Anh",
        "Ành",
        "Ảnh",
        "Ãnh",
        "Ánh",
        "Ạnh",
    ]


def test_tone_is_only_secondary():
    # "Ánh" < "Ao": letters decide before tones.
    assert sorted(["Ao", "Ánh", "Anh"], key=sort_key) == ["Anh", "Ánh", "Ao"]


def test_d_sorts_before_d_stroke_in_both_cases():
    assert sorted(["Đào", "Dương", "đức", "dũng", "Duy"], key=sort_key) == [
        "dũng",
        "Duy",
        "Dương",
        "Đào",
        "đức",
    ]


def test_case_is_tertiary_lowercase_first():
    assert sorted(["ANH", "Anh", "anh"], key=sort_key) == ["anh", "Anh", "ANH"]
    assert sort_key("ANH") < sort_key("ánh")


def test_prefix_sorts_first_and_space_sorts_before_letters():
    assert sort_key("An") < sort_key("An Bình") < sort_key("Anh")
    assert sort_key("") < sort_key("a")


def test_foreign_letters_take_their_latin_places():
    assert sorted(["Zoë", "Wang", "Yến", "Fan", "Giang", "Jones", "Khánh", "Ê"], key=sort_key) == [
        "Ê",
        "Fan",
        "Giang",
        "Jones",
        "Khánh",
        "Wang",
        "Yến",
        "Zoë",
    ]


def test_nfd_nfc_and_spacing_variants_have_equal_keys():
    for name in ["Nguyễn Thị Ngọc Ánh", "Trương Ưng", "Đặng Hữu Phước"]:
        assert sort_key(unicodedata.normalize("NFD", name)) == sort_key(name)
        assert sort_key("  " + name.replace(" ", "\u00a0 ")) == sort_key(name)


def test_keys_use_only_lowercase_ascii_letters_and_digits():
    for text in ["Nguyễn Văn Hợi", "Müller-Lüdenscheidt", "O'Brien (Jr.)", "张伟", "😀", "ǅ\u0301x\u0301"]:
        assert re.fullmatch("[0-9a-z]*", sort_key(text))


def test_students_sort_by_given_then_family_then_middle():
    people = [
        ("Nguyễn", "Văn", "Anh"),
        ("Lê", "Thị Ngọc", "Anh"),
        ("Lê", "Thị", "Anh"),
        ("Trần", "", "Ánh"),
        ("Đỗ", "Minh", "Ngọc Anh"),
        ("Hoàng", "Văn", "Bình"),
        ("Bùi", "Thị", "Ân"),
        ("Lò", "Văn", "Ăn"),
    ]
    ordered = sorted(people, key=lambda p: name_sort_key(*p))
    assert ordered == [
        ("Lê", "Thị", "Anh"),  # same given and family: middle decides, "Thị" prefix of "Thị Ngọc"
        ("Lê", "Thị Ngọc", "Anh"),
        ("Nguyễn", "Văn", "Anh"),
        ("Trần", "", "Ánh"),  # a different given name: after every "Anh", whatever the family name
        ("Lò", "Văn", "Ăn"),
        ("Bùi", "Thị", "Ân"),
        ("Hoàng", "Văn", "Bình"),
        ("Đỗ", "Minh", "Ngọc Anh"),  # two-word given name sorts by its first word "Ngọc"
    ]


def test_given_name_decides_completely_before_the_family_name():
    # "Anh" and "Ánh" are different given names: every "Anh" comes first, whatever the family name.
    assert name_sort_key("Nguyễn", "", "Anh") < name_sort_key("Lê", "", "Ánh")
    assert name_sort_key("Lê", "", "Anh") < name_sort_key("Lê", "", "Ánh")


def test_name_key_treats_none_and_empty_middle_alike():
    assert name_sort_key("Lò", None, "Pảo") == name_sort_key("Lò", "", "Pảo")


# --- properties ---


@given(st.text())
def test_keys_are_ascii_lowercase_alphanumeric_for_any_text(s):
    assert re.fullmatch("[0-9a-z]*", sort_key(s))


@given(st.text())
def test_nfc_and_nfd_give_the_same_key(s):
    assert sort_key(unicodedata.normalize("NFC", s)) == sort_key(unicodedata.normalize("NFD", s))


@given(vietnamese_text, vietnamese_text)
def test_key_order_matches_the_independent_model(a, b):
    assert cmp(sort_key(a), sort_key(b)) == cmp(model_levels(a), model_levels(b))


@given(vietnamese_text, vietnamese_text, vietnamese_text, vietnamese_text, vietnamese_text, vietnamese_text)
def test_name_key_order_matches_the_independent_model(f1, m1, g1, f2, m2, g2):
    expected = cmp(model_name(f1, m1, g1), model_name(f2, m2, g2))
    assert cmp(name_sort_key(f1, m1, g1), name_sort_key(f2, m2, g2)) == expected


@given(vietnamese_word, vietnamese_word)
def test_a_proper_prefix_sorts_first(a, b):
    assert sort_key(a) < sort_key(a + b)


@given(st.text(), st.text())
def test_distinct_keys_only_for_distinct_normalised_text(a, b):
    if " ".join(unicodedata.normalize("NFC", a).split()) == " ".join(unicodedata.normalize("NFC", b).split()):
        assert sort_key(a) == sort_key(b)


@given(vietnamese_text)
def test_case_and_tone_variants_share_the_primary_part(text):
    # Vietnamese letters and spaces have two-character primary codes, then the "00" terminator.
    width = 2 * len(unicodedata.normalize("NFC", text)) + 2
    folded = unicodedata.normalize("NFC", "".join(ch for ch in unicodedata.normalize("NFD", text) if ch not in TONES))
    assert sort_key(text.upper())[:width] == sort_key(text)[:width] == sort_key(folded)[:width]
