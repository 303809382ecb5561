from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from uommam.orgs.models import Role
from uommam.testing.trees import Personas, build_personas, candidate, student


@pytest.fixture
def personas(db: None) -> Personas:
    return build_personas()


@pytest.fixture
def make_candidate(personas: Personas):
    def make(stage: str, **fields):
        return candidate(personas, stage=stage, **fields)

    return make


@pytest.fixture
def make_student(personas: Personas):
    def make(**fields):
        return student(personas.school, **fields)

    return make


@pytest.fixture
def client_for(personas: Personas):
    """client_for(role) → a logged-in test client for that persona."""

    def make(role: str) -> Client:
        client = Client()
        client.force_login(personas.user(role), backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make


@pytest.fixture
def secretary(personas: Personas):
    return personas.user(Role.CELL_SECRETARY)


@pytest.fixture
def officer(personas: Personas):
    return personas.user(Role.COMMITTEE_OFFICER)


# A date when the standard student (born 10/03/2005) is of age and the standard certificate is valid.
TODAY = date(2024, 6, 3)
