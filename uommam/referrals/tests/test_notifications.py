"""The receiving organisation is told of a referral as soon as it is sent."""

from __future__ import annotations

import pytest
from django.core import mail

from uommam.testing.world import World, add_records

pytestmark = pytest.mark.django_db


def test_receiving_officers_are_mailed_with_the_acknowledgement_deadline(
    world: World, settings, tmp_path, django_capture_on_commit_callbacks
) -> None:
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        records = add_records(world)  # sends one referral from school A to university X, dated 01/06/2026
    assert [m.to for m in mail.outbox] == [[world.users["receiver"].email]]
    message = mail.outbox[0]
    assert records.referral_a.person.full_name in message.body
    assert "01/07/2026" in message.body  # 30 days to acknowledge (a setting)
    assert "xác nhận" in message.body  # official correspondence: Vietnamese
    assert f"/referrals/{records.referral_a.pk}/" in message.body
