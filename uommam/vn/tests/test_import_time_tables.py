"""Tables built once at import (ethnic groups, collation weights): rebuilt here so that their code is tested too."""

import unicodedata

from uommam.vn import collation, ethnicity


def test_loading_the_ethnic_groups_again_gives_the_same_54_groups() -> None:
    groups = ethnicity._load()
    assert groups == ethnicity.ETHNIC_GROUPS
    assert len(groups) == 54
    assert groups[0][:2] == ("01", "Kinh")
    assert all(isinstance(aliases, tuple) and "" not in aliases for _, _, aliases in groups)
    assert any(aliases for _, _, aliases in groups)


def test_a_weight_table_fills_itself_for_its_level() -> None:
    for level, expected in enumerate(collation._char_weights("Ấ")):
        table = collation._WeightTable(level)
        assert table.level == level
        assert table[ord("Ấ")] == expected
        assert ord("Ấ") in table


def test_prewarming_fills_every_vietnamese_letter_in_both_cases_and_all_tones() -> None:
    for table in (collation._PRIMARY, collation._SECONDARY, collation._TERTIARY):
        table.clear()
    collation._prewarm()
    expected = set()
    for letter in collation.ALPHABET + "0123456789 -'.,":
        for mark in ("", *collation.TONE_MARKS):
            for variant in (letter, letter.upper()):
                composed = unicodedata.normalize("NFC", variant + mark)
                if len(composed) == 1:
                    expected.add(ord(composed))
    for level, table in enumerate((collation._PRIMARY, collation._SECONDARY, collation._TERTIARY)):
        assert set(table) == expected
        assert all(table[c] == collation._char_weights(chr(c))[level] for c in expected)
    assert ord("Ỹ") in expected and ord("đ") in expected and ord("7") in expected
