"""The cell's vote carries with at least two thirds of its official members (Điều lệ Đảng, Điều 4 and 5)."""

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from uommam.rules import vote_carries


def test_two_of_three_carries_and_one_vote_short_of_two_thirds_does_not() -> None:
    assert vote_carries(2, 3)
    assert vote_carries(6, 9) and not vote_carries(5, 9)
    assert vote_carries(7, 10) and not vote_carries(6, 10)  # 6/10 = 0.6 < 2/3


def test_nothing_carries_without_a_count_or_without_members() -> None:
    assert not vote_carries(None, 9)
    assert not vote_carries(6, None)
    assert not vote_carries(0, 0)
    assert not vote_carries(-1, 1)


@given(st.integers(min_value=0, max_value=500), st.integers(min_value=1, max_value=500))
def test_whole_vote_arithmetic_agrees_with_exact_fractions(votes: int, members: int) -> None:
    assert vote_carries(votes, members) == (Fraction(votes, members) >= Fraction(2, 3))
