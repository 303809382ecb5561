"""Referrals in every state (issue 6): the loop as the article describes it, and as it could be.

* Students referred on paper before Ươm Mầm (the pipeline builder's REFERRED candidacies sent
  before 07/2025) are recorded to their old commune or a university: some acknowledged on paper,
  some admitted later, some lost, many never heard of again.
* Since the 2025 reorganisation, referrals go to the new commune committees and to the Tân Trào
  University and Tuyên Quang college committees with a generated letter: some waiting (a few
  overdue), acknowledged, with a helper, admitted, not admitted, passed on.

The certified candidates of THPT Chiêm Hóa who will leave before 18 are left unreferred, for the
cell secretary to try the forecast.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from uommam.accounts.models import User
from uommam.orgs.models import OrgUnit
from uommam.pipeline.models import Candidate
from uommam.pipeline.stages import Stage
from uommam.referrals.models import Referral, Status
from uommam.referrals.selectors import forecast_rows, suggested_commune
from uommam.referrals.services import (
    ReferralDraft,
    referral_acknowledge,
    referral_assign_helper,
    referral_create,
    referral_pass_on,
    referral_record_outcome,
    referral_record_paper_acknowledgement,
    referral_record_sent,
)

from .clock import on_day
from .context import DEMO_TODAY, DemoContext
from .orgs import REORGANISED

UNIVERSITY_COMMITTEES = ("DU-DH-TANTRAO", "DU-CD-TUYENQUANG")
KEEP_FOR_THE_USER = "CB-THPT-CHIEMHOA"
SECRETARIES = {"CB-THPT-CHIEMHOA": "bithu.chiemhoa", "CB-THPT-HALANG": "bithu.halang"}


def _cap(day: date) -> date:
    # Services refuse future dates; the demo's own "today" is fixed, the machine's may be earlier.
    return min(day, timezone.localdate())


def build(ctx: DemoContext) -> None:
    if Referral.objects.exists():
        ctx.say(f"  Referrals: {Referral.objects.count()} (already loaded)")
        return
    with transaction.atomic():
        _build(ctx)
    counts = {s.label: Referral.objects.filter(status=s).count() for s in Status}
    ctx.say("  Referrals: " + ", ".join(f"{label} {n}" for label, n in counts.items() if n))


def _build(ctx: DemoContext) -> None:
    rng = random.Random(20260601)
    universities = [ctx.unit(code) for code in UNIVERSITY_COMMITTEES]
    users = {u.username: u for u in User.objects.filter(username__in=[*SECRETARIES.values(), "dhtantrao"])}
    receivers = {code: User.objects.filter(role_assignments__unit__code=code).first() for code in UNIVERSITY_COMMITTEES}
    receivers["DU-XA-KIMBINH"] = User.objects.filter(username="nhanxa.kimbinh").first()

    referred = Candidate.objects.filter(stage=Stage.REFERRED).select_related("person__home_commune", "cell")
    for index, candidate in enumerate(referred.order_by("stage_since", "pk")):
        sent_on = candidate.stage_since or candidate.exited_on or DEMO_TODAY
        roll = rng.random()
        if sent_on < REORGANISED:
            to_unit = candidate.person.home_commune if roll < 0.7 else universities[index % 2]
            if to_unit is None:
                continue
            referral = on_day(
                sent_on,
                referral_record_sent,
                candidate=candidate,
                to_unit=to_unit,
                actor=None,
                sent_on=sent_on,
                letter_number=f"{index % 40 + 1:02d}-CV/CB",
                contact_name="Bí thư chi bộ",
            )
            _historical_fate(referral, rng)
        else:
            to_unit = suggested_commune(candidate.person, sent_on) if roll < 0.6 else universities[index % 2]
            if to_unit is None:
                continue
            actor = users.get(SECRETARIES.get(candidate.cell.code, ""))
            referral = on_day(
                sent_on,
                referral_record_sent,
                candidate=candidate,
                to_unit=to_unit,
                actor=actor,
                sent_on=sent_on,
                issue_letter=True,
            )
            _recent_fate(referral, rng, receivers)

    # This school year's leavers under 18, referred from the forecast by the other schools' cells.
    for cell in OrgUnit.objects.filter(code__startswith="CB-THPT-").exclude(code=KEEP_FOR_THE_USER).order_by("code"):
        rows = [r for r in forecast_rows(unit=cell, today=DEMO_TODAY) if r.action == "refer"]
        for offset, row in enumerate(rows[:4]):
            candidate = row.candidate
            home = suggested_commune(candidate.person, DEMO_TODAY)
            to_unit = home if (offset % 2 == 0 and home is not None) else universities[offset % 2]
            sent_on = _cap(DEMO_TODAY - timedelta(days=[45, 12, 70, 5][offset]))
            referral = on_day(
                sent_on,
                referral_create,
                draft=ReferralDraft(
                    candidate=candidate,
                    to_unit=to_unit,
                    contact_name="Bí thư chi bộ",
                    helper_assessment="Có ý thức phấn đấu, gương mẫu trong học tập và hoạt động Đoàn.",
                    youth_union_evaluation="Đoàn viên ưu tú, tích cực trong các phong trào của Đoàn trường.",
                ),
                actor=users.get(SECRETARIES.get(cell.code, "")),
                sent_on=sent_on,
                check_permission=False,
            )
            if offset == 1:
                acknowledged = _cap(sent_on + timedelta(days=6))
                on_day(
                    acknowledged,
                    referral_acknowledge,
                    referral=referral,
                    actor=receivers.get(to_unit.code),
                    on=acknowledged,
                )


def _historical_fate(referral: Referral, rng: random.Random) -> None:
    """Before Ươm Mầm: most referrals were never followed up."""
    roll = rng.random()
    if roll < 0.55:
        return
    acknowledged = _cap(referral.sent_on + timedelta(days=rng.randint(10, 60)))
    closed = referral.to_unit.active_until
    if closed is not None:
        # A unit closed in the reorganisation acknowledges only up to its last day.
        acknowledged = min(acknowledged, closed)
    on_day(
        acknowledged,
        referral_record_paper_acknowledgement,
        referral=referral,
        actor=None,
        on=acknowledged,
        signed_by="Phó Bí thư Đảng ủy (ký nhận trên giấy)",
    )
    if roll < 0.75:
        return
    outcome_on = _cap(acknowledged + timedelta(days=rng.randint(200, 500)))
    if closed is not None and outcome_on > closed and referral.to_unit.successor is not None:
        # The outcome came after the unit closed: the referral passed to its successor, which acted on it.
        handed_over = closed + timedelta(days=1)
        referral = on_day(
            handed_over,
            referral_pass_on,
            referral=referral,
            actor=None,
            to_unit=referral.to_unit.successor,
            on=handed_over,
            note=f"Chuyển về {referral.to_unit.successor.name} (đơn vị kế tục)",
        )
        on_day(
            handed_over,
            referral_record_paper_acknowledgement,
            referral=referral,
            actor=None,
            on=handed_over,
            signed_by="Phó Bí thư Đảng ủy (ký nhận trên giấy)",
        )
        outcome_on = max(outcome_on, handed_over)
    if roll < 0.85 and referral.eligible_from and referral.eligible_from <= outcome_on:
        on_day(
            outcome_on,
            referral_record_outcome,
            referral=referral,
            actor=None,
            status=Status.ADMITTED,
            on=outcome_on,
            decision_number=f"{rng.randint(10, 250)}-QĐ/ĐU",
        )
    elif roll < 0.93:
        on_day(
            outcome_on,
            referral_record_outcome,
            referral=referral,
            actor=None,
            status=Status.LOST_CONTACT,
            on=outcome_on,
        )
    else:
        on_day(
            outcome_on,
            referral_record_outcome,
            referral=referral,
            actor=None,
            status=Status.NOT_ADMITTED,
            on=outcome_on,
            reason="Không đủ tiêu chuẩn về học tập, rèn luyện tại nơi cư trú",
        )


def _recent_fate(referral: Referral, rng: random.Random, receivers: dict[str, User | None]) -> None:
    """Since the reorganisation the receivers answer in the application (most of the time)."""
    receiver = receivers.get(referral.to_unit.code)
    roll = rng.random()
    if roll < 0.3:
        return  # waiting; overdue once 30 days have passed
    acknowledged = _cap(referral.sent_on + timedelta(days=rng.randint(3, 25)))
    on_day(acknowledged, referral_acknowledge, referral=referral, actor=receiver, on=acknowledged)
    if roll < 0.5:
        return
    helper_on = _cap(acknowledged + timedelta(days=7))
    on_day(
        helper_on,
        referral_assign_helper,
        referral=referral,
        actor=receiver,
        name="Đồng chí Ma Văn Hưng",
        position="Bí thư chi bộ",
    )
    if roll < 0.65:
        return
    if roll < 0.75:
        universities = OrgUnit.objects.filter(code__in=UNIVERSITY_COMMITTEES).exclude(pk=referral.to_unit_id)
        passed_on = _cap(acknowledged + timedelta(days=30))
        on_day(
            passed_on,
            referral_pass_on,
            referral=referral,
            actor=receiver,
            to_unit=universities.first(),
            on=passed_on,
            note="Quần chúng nhập học đại học, chuyển tiếp về trường",
        )
        return
    outcome_on = _cap(DEMO_TODAY - timedelta(days=rng.randint(5, 40)))
    if referral.eligible_from and referral.eligible_from <= outcome_on and outcome_on >= acknowledged:
        on_day(
            outcome_on,
            referral_record_outcome,
            referral=referral,
            actor=receiver,
            status=Status.ADMITTED,
            on=outcome_on,
            decision_number="45-QĐ/ĐU",
        )
