"""Every download of personal data asks why, and journals who downloaded what, why, for which unit
(Decree 13/2023/NĐ-CP). Without a purpose the user gets the question and nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from uommam.audit.models import AuditEntry
from uommam.documents.models import GeneratedDocument
from uommam.testing.world import Records, World, add_records


@dataclass(frozen=True)
class Download:
    persona: str
    kwargs: Callable[[World, Records], dict[str, Any]]
    # (model, object_pk or None for "any", unit) the journal entry must name.
    record: Callable[[World, Records], tuple[str, str | None, Any]]


def _none(world: World, records: Records) -> dict[str, Any]:
    return {}


def _issued(world: World) -> GeneratedDocument:
    """The province's report, issued once (downloads of it come later, by anyone in scope)."""
    import datetime as dt

    from uommam.reports.documents import report_issue
    from uommam.reports.funnel import compute_funnel

    funnel = compute_funnel(unit=world.units["TU-T"], date_from=dt.date(2024, 9, 1), date_to=dt.date(2025, 8, 31))
    return report_issue(funnel=funnel, actor=world.users["province"])


def _official_documents(world: World, records: Records) -> Any:
    """The certificate and introduction letter of referral A, issued once by its cell."""
    from uommam.referrals.services import referral_documents_issue

    return referral_documents_issue(referral=records.referral_a, actor=world.users["cell_a"])


DOWNLOADS = {
    "reports:export_funnel_xlsx": Download("province", _none, lambda w, r: ("download", None, None)),
    "reports:export_names_xlsx": Download("province", _none, lambda w, r: ("download", None, None)),
    "reports:report_docx": Download("province", _none, lambda w, r: ("download", None, None)),
    "reports:export_review": Download(
        "province", lambda w, r: {"extension": "xlsx"}, lambda w, r: ("download", None, None)
    ),
    "reports:issued_download": Download(
        "viewer",
        lambda w, r: {"pk": _issued(w).pk, "extension": "docx"},
        lambda w, r: ("documents.GeneratedDocument", None, w.units["TU-T"]),
    ),
    "referrals:letter_docx": Download(
        "cell_a",
        lambda w, r: {"pk": r.referral_a.pk},
        lambda w, r: ("documents.GeneratedDocument", str(r.referral_a.letter_id), r.referral_a.letter.unit),
    ),
    "referrals:official_document": Download(
        "receiver",
        lambda w, r: {"pk": _official_documents(w, r)[0].object_id, "kind": "helping-certificate"},
        lambda w, r: ("documents.GeneratedDocument", str(_official_documents(w, r)[0].pk), w.units["CB-S-A"]),
    ),
    "referrals:forecast_export": Download("cell_a", _none, lambda w, r: ("download", None, w.units["CB-S-A"])),
    "pipeline:dossier_file": Download(
        "cell_a",
        lambda w, r: {"pk": r.candidate_a.pk, "item_pk": r.dossier_item_a.pk},
        lambda w, r: ("pipeline.DossierItem", str(r.dossier_item_a.pk), w.units["CB-S-A"]),
    ),
    "people:consent_document": Download(
        "cell_a",
        lambda w, r: {"pk": w.students["a"].pk, "consent_pk": r.consent_a.pk},
        lambda w, r: ("people.ParentalConsent", str(r.consent_a.pk), w.units["S-A"]),
    ),
}


@pytest.fixture
def records(world: World, settings: Any, tmp_path: Any) -> Records:
    settings.MEDIA_ROOT = tmp_path
    return add_records(world)


def _default_unit(client: Client) -> Any:
    return client.get(reverse("reports:dashboard")).context["funnel"].unit


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("name", sorted(DOWNLOADS))
def test_download_without_a_purpose_asks_for_one_and_writes_nothing(
    name: str, world: World, records: Records, client_for: Callable[[str], Client]
) -> None:
    case = DOWNLOADS[name]
    url = reverse(name, kwargs=case.kwargs(world, records))
    client = client_for(case.persona)
    journal, documents = AuditEntry.objects.count(), GeneratedDocument.objects.count()
    for query in ({}, {"purpose": ""}, {"purpose": "other", "purpose_other": " "}):
        response = client.get(url, query)
        assert response.status_code == 200 and "attachment" not in response.get("Content-Disposition", "")
        assert 'name="purpose"' in response.content.decode()
    assert (AuditEntry.objects.count(), GeneratedDocument.objects.count()) == (journal, documents)


@pytest.mark.parametrize("name", sorted(DOWNLOADS))
def test_download_with_a_purpose_journals_actor_purpose_record_and_unit(
    name: str, world: World, records: Records, client_for: Callable[[str], Client]
) -> None:
    case = DOWNLOADS[name]
    client = client_for(case.persona)
    url = reverse(name, kwargs=case.kwargs(world, records))
    response = client.get(url, {"purpose": "other", "purpose_other": "Gửi Ban Tổ chức Huyện ủy"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert _body(response)
    entry = AuditEntry.objects.get(action="export")
    model, object_pk, unit = case.record(world, records)
    unit = unit or _default_unit(client)
    assert entry.actor == world.users[case.persona]
    assert entry.note == "Gửi Ban Tổ chức Huyện ủy"
    assert entry.model == model and entry.unit_path == unit.path
    if object_pk is not None:
        assert entry.object_pk == object_pk
    assert entry.object_repr


def test_the_purpose_form_posts_back_the_query_it_came_with(
    world: World, records: Records, client_for: Callable[[str], Client]
) -> None:
    response = client_for("cell_a").get(reverse("referrals:forecast_export"), {"today": "2026-01-15"})
    assert 'name="today" value="2026-01-15"' in response.content.decode()


def test_dashboard_downloads_carry_the_purpose_choice(world: World, client_for: Callable[[str], Client]) -> None:
    body = client_for("province").get(reverse("reports:dashboard")).content.decode()
    assert 'data-testid="download-purpose"' in body and 'name="purpose"' in body
    assert 'name="date_from"' in body
