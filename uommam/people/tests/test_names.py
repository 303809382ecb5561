"""One validator for personal names (forms, imports, admin); numbers typed with ASCII digits only."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from uommam.people.models import Person
from uommam.people.names import name_problem
from uommam.testing.world import World

from .test_student_pages import _valid_form


@pytest.mark.parametrize("name", ["Ánh", "H'Hen", "Niê Kdăm", "Y-Ŋuăn", "Đinh", "Hơ Mok", "Ksor H’Prông"])
def test_vietnamese_and_ethnic_minority_names_are_accepted(name: str) -> None:
    assert name_problem(name) is None


@pytest.mark.parametrize("given", ["<b>Hà</b>", "Hà2", "Hà\u202e", "Hà;", "Hà\u200f", "Хà"])
def test_a_name_with_markup_digits_bidi_controls_or_other_scripts_is_refused_on_the_form(
    given: str, world: World, client_for: Callable[[str], Client]
) -> None:
    response = client_for("cell_a").post(reverse("people:create"), _valid_form(world, given_name=given))
    # The form comes back with the reason on the name field.
    assert response.status_code == 200 and response.context["form"].errors["given_name"]
    assert not Person.objects.filter(family_name="Hoàng").exists()


def test_a_cohort_typed_with_arabic_indic_digits_is_refused(world: World, client_for: Callable[[str], Client]) -> None:
    response = client_for("cell_a").post(reverse("people:create"), _valid_form(world, cohort="٢٠٢٤"))
    assert response.status_code == 200 and response.context["form"].errors["cohort"]
    assert not Person.objects.filter(family_name="Hoàng").exists()
    client_for("cell_a").post(reverse("people:create"), _valid_form(world))
    assert Person.objects.filter(family_name="Hoàng", cohort=2024).exists()
