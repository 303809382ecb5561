"""Syllable shapes, checked on the undecorated function.

``is_vietnamese_syllable`` is cached (lru_cache): a word seen once is never checked again in the process, so
these tests call ``__wrapped__`` — the same code without the cache — as well as the cached function.
"""

import pytest

from uommam.vn.syllable import is_vietnamese_syllable

VALID = (
    "a anh oanh ênh inh uynh ách ạch ích cấp tết học bóc gì ong ưng yêu khuỷu oẳn ngoằn quýt quỳnh quy xoong "
    "boong moóc hoà hòa thuở khuya người nghĩa chiến tuyết tuế uể ướt ngoặt khuyên huơ oe hoè ô ơ ư y ý ếch"
).split()
INVALID = (
    "onh ing ich ac tàc tảp tyn xoòng xoon boọc túê êng ăn̂ quoác ph pâ ăa hoaà ocx bb ơch ưnh uâ iêc tat tàt óch íc"
).split()


@pytest.mark.parametrize("word", VALID)
def test_vietnamese_syllables_are_recognised(word: str) -> None:
    assert is_vietnamese_syllable.__wrapped__(word)
    assert is_vietnamese_syllable(word)


@pytest.mark.parametrize("word", INVALID)
def test_impossible_shapes_are_refused(word: str) -> None:
    assert not is_vietnamese_syllable.__wrapped__(word)
    assert not is_vietnamese_syllable(word)
