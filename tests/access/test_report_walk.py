"""Every report page and export, opened as every role: no person outside the role's read rights.

Each student of the world gets a marker in their name and timeline events inside the report period
(put on the list, certified), so a report that covers a unit's subtree instead of the people a role
may read shows the marker. Files are read inside: .xlsx and .docx are zip archives, PDFs are turned
into text.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import zipfile
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from uommam.orgs.models import Role
from uommam.orgs.services import role_grant
from uommam.people.models import Person
from uommam.pipeline.models import Candidate, CandidateEvent, EventKind
from uommam.pipeline.stages import Stage
from uommam.testing.walk import Walk
from uommam.testing.world import PASSWORD, PERSONAS, World, student

# Every page and export of the reports app (a test below checks that none is missing), with the
# review export in each of its formats.
REPORT_URLS: tuple[tuple[str, dict[str, str]], ...] = (
    ("reports:dashboard", {}),
    ("reports:review", {}),
    ("reports:names", {}),
    ("reports:targets", {}),
    ("reports:export_funnel_xlsx", {}),
    ("reports:export_names_xlsx", {}),
    ("reports:report_docx", {}),
    ("reports:report_pdf", {}),
    *(("reports:export_review", {"extension": ext}) for ext in ("xlsx", "docx", "pdf")),
)
# Drafts and exports: read-only viewers download issued documents only (issue 13), so they get 403 here.
DRAFTS_AND_EXPORTS = {
    "reports:export_funnel_xlsx",
    "reports:export_names_xlsx",
    "reports:report_docx",
    "reports:report_pdf",
    "reports:export_review",
}
# Not a report of people: issuing (a POST) and the issued documents (a committee's signed figures).
NOT_WALKED = {"reports:issue", "reports:documents", "reports:issued_download"}
# The receiving officer of a commune whose subtree holds a school (the Kim Bình case).
RECEIVER_OF_COMMUNE_B = "receiver_b"


def _text(response: Any) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return " ".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    if body.startswith(b"%PDF"):
        return _pdf_text(body)
    return body.decode("utf-8", "replace")


@functools.cache
def _pdf_text(body: bytes) -> str:
    """Remembered per file: the walk gets the same PDF for many roles, and reading a PDF's text is slow."""
    return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)


def _mark(person: Person, marker: str) -> None:
    person = Person.objects.get(pk=person.pk)
    person.given_name = marker
    person.save()


def _events(candidate: Candidate, on: dt.date) -> None:
    for from_stage, to_stage in ((Stage.IDENTIFIED, Stage.SYMPATHISER), (Stage.SYMPATHISER, Stage.CERTIFIED)):
        CandidateEvent.objects.create(
            candidate=candidate,
            kind=EventKind.TRANSITION,
            transition="test",
            from_stage=from_stage,
            to_stage=to_stage,
            effective_on=on,
        )


@pytest.fixture
def world(walk: Walk) -> World:
    """The persona world of the walk (uommam/testing/walk.py): built once per process, with its records."""
    return walk.world


@pytest.fixture
def marked(walk: Walk) -> dict[str, str]:
    """marker → pk of the student carrying it, each with events this month."""
    world, records = walk.world, walk.records
    receiver_b = type(world.users["admin"]).objects.create_user(RECEIVER_OF_COMMUNE_B, password=PASSWORD)
    role_grant(user=receiver_b, unit=world.units["DU-B"], role=Role.RECEIVING_OFFICER)
    world.users[RECEIVER_OF_COMMUNE_B] = receiver_b
    extra = student(world.units["S-B"], "Lò", "Văn", "Khác", citizen_id="008208111111", sex="M")
    extra_candidate = Candidate.objects.create(person=extra, cell=world.units["CB-S-B"], stage=Stage.CERTIFIED)
    today = timezone.localdate()
    on = today.replace(day=1)
    people = {
        "Zzmarka": records.candidate_a,
        "Zzmarkb": records.candidate_b,
        "Zzmarkc": extra_candidate,
        "Zzmarkr": records.referral_a.candidate,
    }
    for marker, candidate in people.items():
        _mark(candidate.person, marker)
        _events(candidate, on)
    return {marker: candidate.person_id for marker, candidate in people.items()}


def _read_only(user: Any) -> bool:
    from uommam.orgs.roles import READ_ONLY_ROLES
    from uommam.orgs.scope import assignments

    roles = {a.role for a in assignments(user)}
    return bool(roles) and roles <= READ_ONLY_ROLES


def _readable(user: Any) -> set[int]:
    from uommam.orgs.scope import visible

    return set(visible(Person.objects.all(), user).values_list("pk", flat=True))


# Each role walked in a test of its own, so that the walk's slow documents (a PDF per role) spread over the
# test workers.
WALKERS = ("admin", *PERSONAS, RECEIVER_OF_COMMUNE_B)


@pytest.mark.parametrize("persona", WALKERS)
def test_every_report_page_and_export_shows_each_role_only_people_it_may_read(
    persona: str, world: World, marked: dict[str, str]
) -> None:
    today = timezone.localdate()
    query = {
        "date_from": today.replace(day=1).isoformat(),
        "date_to": today.isoformat(),
        "month": f"{today:%Y-%m}",
        "purpose": "filing",
    }
    problems = []
    seen: set[str] = set()
    user = world.users[persona]
    readable = _readable(user)
    client = Client()
    client.force_login(user)
    for stage in ("sympathisers", "certified"):
        for name, kwargs in REPORT_URLS:
            response = client.get(reverse(name, kwargs=kwargs), {**query, "stage": stage})
            if response.status_code == 403 and name in DRAFTS_AND_EXPORTS and _read_only(user):
                continue
            if response.status_code != 200:
                problems.append(f"{persona} {name}: {response.status_code}")
                continue
            text = _text(response)
            for marker, person_pk in marked.items():
                if marker in text:
                    seen.add(marker)
                    if person_pk not in readable:
                        problems.append(f"{persona} {name} {kwargs} ({stage}): shows {marker}")
    assert not problems, "; ".join(sorted(set(problems)))
    if persona == "admin":
        # The walk would prove nothing if the markers never showed up at all: the admin, who may read
        # everyone, finds every marker somewhere.
        assert seen == set(marked)


def test_receiving_officer_of_a_commune_reads_no_student_of_its_school(world: World, marked: dict[str, str]) -> None:
    client = Client()
    client.force_login(world.users[RECEIVER_OF_COMMUNE_B])
    today = timezone.localdate()
    period = {"date_from": today.replace(day=1).isoformat(), "date_to": today.isoformat(), "purpose": "filing"}
    for name in ("reports:names", "reports:export_names_xlsx", "reports:review"):
        text = _text(client.get(reverse(name), {**period, "stage": "certified", "month": f"{today:%Y-%m}"}))
        assert "Zzmarkb" not in text and "Zzmarkc" not in text, name


def test_the_walk_opens_every_report_url() -> None:
    from uommam.reports.urls import urlpatterns

    walked = {name for name, _kwargs in REPORT_URLS}
    assert {f"reports:{p.name}" for p in urlpatterns} - NOT_WALKED == walked


def test_the_monthly_review_export_names_no_student_outside_the_receiving_officers_rights(
    world: World, marked: dict[str, str]
) -> None:
    client = Client()
    client.force_login(world.users[RECEIVER_OF_COMMUNE_B])
    today = timezone.localdate()
    for extension in ("xlsx", "docx", "pdf"):
        response = client.get(
            reverse("reports:export_review", kwargs={"extension": extension}),
            {"month": f"{today:%Y-%m}", "purpose": "filing"},
        )
        assert response.status_code == 200
        text = _text(response)
        assert "Zzmarkb" not in text and "Zzmarkc" not in text, extension


def test_the_receiving_officers_dashboard_counts_only_the_people_it_may_read(
    world: World, marked: dict[str, str]
) -> None:
    today = timezone.localdate()
    period = {"date_from": today.replace(day=1).isoformat(), "date_to": today.isoformat()}

    def certified(persona: str) -> int:
        client = Client()
        client.force_login(world.users[persona])
        response = client.get(reverse("reports:dashboard"), {**period, "unit": world.units["DU-B"].pk})
        assert response.status_code == 200
        return response.context["funnel"].stages["certified"]

    # School B's two marked candidates count for the commune's committee, not for its receiving officer,
    # who was referred nobody.
    assert certified("commune_b") == 2
    assert certified(RECEIVER_OF_COMMUNE_B) == 0
