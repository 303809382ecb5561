from __future__ import annotations

from uommam.referrals.models import Referral

from .helpers import refer


def test_receiver_sees_only_referrals_addressed_to_it(rw) -> None:
    to_x = refer(rw, rw.candidate(given="Xuân"))
    to_y = refer(rw, rw.candidate(given="Yến"), to="DU-U-Y")
    receiver = rw.client("receiver_x")
    assert receiver.get(f"/referrals/{to_x.pk}/").status_code == 200
    assert receiver.get(f"/referrals/{to_y.pk}/").status_code == 404
    inbox = receiver.get("/referrals/inbox/").content.decode()
    assert "Xuân" in inbox and "Yến" not in inbox


def test_receiver_sees_the_referred_student_and_nothing_else_of_the_school(rw) -> None:
    referred = refer(rw, rw.candidate(given="Xuân"))
    other = rw.candidate(given="Khác")
    receiver = rw.client("receiver_x")
    assert receiver.get(f"/students/{referred.person_id}/").status_code == 200
    assert receiver.get(f"/students/{other.person_id}/").status_code == 404
    assert "Khác" not in receiver.get("/students/").content.decode()


def test_sibling_school_sees_nothing(rw) -> None:
    referral = refer(rw, rw.candidate(given="Xuân"))
    sibling = rw.client("cell_b")
    assert sibling.get(f"/referrals/{referral.pk}/").status_code == 404
    assert sibling.get(f"/referrals/{referral.pk}/letter.docx").status_code == 404
    assert "Xuân" not in sibling.get("/referrals/").content.decode()


def test_sender_and_supervisor_see_it_but_cannot_act_as_receiver(rw) -> None:
    referral = refer(rw, rw.candidate())
    for persona in ("cell_a", "commune", "viewer"):
        assert rw.client(persona).get(f"/referrals/{referral.pk}/").status_code == 200, persona
    response = rw.client("cell_a").post(f"/referrals/{referral.pk}/acknowledge/", {"on": "02/03/2026"})
    assert response.status_code == 403
    assert Referral.objects.get().acknowledged_on is None


def test_other_receiver_cannot_acknowledge(rw) -> None:
    referral = refer(rw, rw.candidate())
    assert rw.client("receiver_y").post(f"/referrals/{referral.pk}/acknowledge/", {}).status_code == 404


def test_inbox_badge_counts_waiting_referrals(rw) -> None:
    refer(rw, rw.candidate())
    refer(rw, rw.candidate())
    page = rw.client("receiver_x").get("/referrals/inbox/")
    nav = [item for item in page.context["nav_items"] if item["key"] == "referrals"][0]
    assert nav["badge"] == 2
