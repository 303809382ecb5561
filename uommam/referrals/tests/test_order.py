"""A referral's dates keep their order through the pages: an outcome (even "lost contact") only after the
receiver has acknowledged it, never a silent acknowledgement dated today, and only by a unit alive on the date."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from uommam.orgs.services import orgunit_close
from uommam.referrals.models import Referral, Status
from uommam.referrals.services import ReferralError, referral_acknowledge
from uommam.testing.world import add_records


@pytest.fixture
def referral(world):
    with time_machine.travel(date(2026, 7, 1), tick=False):
        return add_records(world).referral_a


def _receiver(world) -> Client:
    client = Client()
    client.force_login(world.users["receiver"])
    return client


def test_an_outcome_before_the_acknowledgement_is_refused_and_after_it_recorded(world, referral):
    client = _receiver(world)
    with time_machine.travel(date(2026, 7, 1), tick=False):
        refused = client.post(
            reverse("referrals:record_outcome", args=[referral.pk]), {"status": Status.LOST_CONTACT, "on": "30/06/2026"}
        )
        assert refused.status_code == 400
        assert Referral.objects.get(pk=referral.pk).status == Status.SENT
        helper = client.post(reverse("referrals:assign_helper", args=[referral.pk]), {"name": "Ma Văn Hưng"})
        assert helper.status_code == 400
        assert Referral.objects.get(pk=referral.pk).acknowledged_on is None  # never filled in silently

        acknowledged = client.post(reverse("referrals:acknowledge", args=[referral.pk]), {"on": "10/06/2026"})
        assert acknowledged.status_code == 302
        early = client.post(
            reverse("referrals:record_outcome", args=[referral.pk]), {"status": Status.LOST_CONTACT, "on": "05/06/2026"}
        )
        assert early.status_code == 400
        done = client.post(
            reverse("referrals:record_outcome", args=[referral.pk]), {"status": Status.LOST_CONTACT, "on": "30/06/2026"}
        )
        assert done.status_code == 302
    stored = Referral.objects.get(pk=referral.pk)
    assert (stored.status, stored.acknowledged_on, stored.outcome_on) == (
        Status.LOST_CONTACT,
        date(2026, 6, 10),
        date(2026, 6, 30),
    )


def test_a_receiver_closed_before_the_date_cannot_acknowledge_and_the_refusal_names_its_successor(world, referral):
    receiver_unit = world.units["DU-U-X"]
    orgunit_close(unit=receiver_unit, last_day=date(2026, 6, 20), successor=world.units["DU-A"])
    with time_machine.travel(date(2026, 7, 1), tick=False):
        with pytest.raises(ReferralError) as refused:
            referral_acknowledge(referral=referral, actor=world.users["receiver"], on=date(2026, 6, 25))
        assert "20/06/2026" in str(refused.value) and world.units["DU-A"].name in str(refused.value)
        # Dated on or before its last day, the closed unit's acknowledgement is history and is accepted.
        referral_acknowledge(referral=referral, actor=world.users["receiver"], on=date(2026, 6, 15))
    assert Referral.objects.get(pk=referral.pk).acknowledged_on == date(2026, 6, 15)
