"""Who introduces an applicant: how many official members each introduction route needs.

Điều lệ Đảng, Điều 4, and the Quy định thi hành Điều lệ, 3.1–3.2 (domain.md §3, "Youth Union route",
[C2]): an applicant of youth age where a Youth Union exists is a Youth Union member and is introduced by
the resolution of the grassroots Youth Union executive committee (form 4-KNĐ) **and one official
member** (form 3-KNĐ); anyone else by **two official members** (form 3A-KNĐ). Either way each member must
be official and have been 12 months in the unit together with the applicant
(:func:`~uommam.rules.deadlines.introducer_eligible_from`).
"""

from __future__ import annotations

from typing import Literal, cast

IntroductionRoute = Literal["youth_union", "two_introducers"]
INTRODUCTION_ROUTES: tuple[IntroductionRoute, ...] = ("youth_union", "two_introducers")

_MEMBERS_NEEDED: dict[str, int] = {"youth_union": 1, "two_introducers": 2}


def introducers_needed(route: str) -> int:
    """Official members who must introduce an applicant on ``route`` (1 with the Youth Union's 4-KNĐ, else 2)."""
    return _MEMBERS_NEEDED[introduction_route(route)]


def introduction_route(value: str) -> IntroductionRoute:
    """``value`` as a route, or ``ValueError`` when it names none (a stored choice read back)."""
    if value not in _MEMBERS_NEEDED:
        raise ValueError(f"unknown introduction route: {value!r}")
    return cast(IntroductionRoute, value)
