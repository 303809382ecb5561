"""Printable pages with personal data are journalled like downloads, and nothing a signed-in user
sees – page or file – may be kept by a cache."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from uommam.audit.models import AuditEntry
from uommam.testing.world import Records, World, add_records


@pytest.fixture
def records(world: World, settings: Any, tmp_path: Any) -> Records:
    settings.MEDIA_ROOT = tmp_path
    return add_records(world)


def _print_urls(records: Records) -> list[str]:
    return [
        reverse("training:class_roster_print", args=[records.class_d.pk]),
        reverse("training:class_certificate_list_print", args=[records.class_d.pk]),
        reverse("pipeline:timeline_print", args=[records.candidate_a.pk]),
        reverse("reports:names"),
    ]


def test_every_print_page_with_personal_data_is_journalled(
    records: Records, client_for: Callable[[str], Client]
) -> None:
    client = client_for("district")
    for url in _print_urls(records):
        before = AuditEntry.objects.filter(actor__username="district", action="export").count()
        assert client.get(url).status_code == 200, url
        after = AuditEntry.objects.filter(actor__username="district", action="export").count()
        assert after == before + 1, url


def test_pages_and_downloads_of_a_signed_in_user_are_not_cached(
    records: Records, client_for: Callable[[str], Client]
) -> None:
    client = client_for("cell_a")
    urls = [
        reverse("people:list"),
        reverse("people:detail", args=[records.candidate_a.person_id]),
        reverse("referrals:letter_docx", args=[records.referral_a.pk]) + "?purpose=filing",
        reverse("reports:export_names_xlsx") + "?purpose=filing",
        *_print_urls(records)[2:],
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "no-store, private", url
