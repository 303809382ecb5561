from __future__ import annotations

from datetime import date

import time_machine

from uommam.referrals.services import ReferralDraft, referral_create

SENT = date(2026, 3, 2)


def refer(rw, candidate, to: str = "DU-U-X", *, on: date = SENT, persona: str = "cell_a"):
    with time_machine.travel(on, tick=False):
        return referral_create(
            draft=ReferralDraft(
                candidate=candidate,
                to_unit=rw.units[to],
                contact_name="Lý Thị Mai",
                contact_phone="0912 345 678",
                helper_assessment="Chăm chỉ, gương mẫu.",
                youth_union_evaluation="Đoàn viên xuất sắc.",
            ),
            actor=rw.users[persona],
            sent_on=on,
        )
