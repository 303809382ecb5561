import unicodedata

import pytest

from uommam.vn.syllable import is_vietnamese_syllable

from .corpus import CORPUS


@pytest.mark.parametrize(
    "word",
    ["Nguyễn", "trường", "khuỷu", "giữa", "quốc", "quỳnh", "hòa", "hoà", "xoong", "ngoằn", "gì", "ước", "ĐOÀN"],
)
def test_real_syllables_are_accepted(word):
    assert is_vietnamese_syllable(word)
    assert is_vietnamese_syllable(unicodedata.normalize("NFD", word))


@pytest.mark.parametrize(
    "word",
    ["Müller", "José", "keọ", "hàc", "onh", "ing", "quoác", "nguyeãn", "Mnông", "ă", "", "ab", "thõng̀"],
)
def test_non_syllables_are_rejected(word):
    assert not is_vietnamese_syllable(word)


def test_corpus_words_are_syllables():
    words = [w for text in CORPUS for w in text.split() if len(w) > 1]
    assert all(is_vietnamese_syllable(w) for w in words), [w for w in words if not is_vietnamese_syllable(w)]
