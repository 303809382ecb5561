"""The cell's vote: carried by at least two thirds of its official members.

Admission: Điều lệ Đảng, Điều 4 (domain.md §5 step 4, [C2]) – at least two thirds of the cell's official members
approve; probationary members do not vote, and members on temporary transfer or exempted from activities who are
absent are left out of the count (the officer enters the count; the form says so). Official recognition after
probation: Điều lệ Đảng, Điều 5 (domain.md §5 step 10, [C2]) – the same two thirds.
"""

from __future__ import annotations


def vote_carries(votes_for: int | None, official_members: int | None) -> bool:
    """True when ``votes_for`` is at least two thirds of ``official_members`` (more votes than members is the
    caller's typing error to refuse, with its own message).

    Whole votes, no floating point: 3·for ≥ 2·members. Nothing carries without a count or with no member.
    """
    if votes_for is None or official_members is None or official_members <= 0 or votes_for < 0:
        return False
    return 3 * votes_for >= 2 * official_members
