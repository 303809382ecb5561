"""How many official members introduce an applicant, by introduction route (Điều lệ Đảng, Điều 4)."""

import pytest

from uommam.rules import INTRODUCTION_ROUTES, introducers_needed, introduction_route


def test_the_youth_union_route_needs_one_member_and_the_other_route_two() -> None:
    assert [introducers_needed(route) for route in INTRODUCTION_ROUTES] == [1, 2]


@pytest.mark.parametrize("value", ["", "youth-union", "TWO_INTRODUCERS", "three"])
def test_a_value_that_names_no_route_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match="unknown introduction route"):
        introducers_needed(value)
    with pytest.raises(ValueError, match="unknown introduction route"):
        introduction_route(value)
