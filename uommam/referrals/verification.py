"""Verifiable documents and answers without an account: issue and revoke codes, check a token or a
typed code, and let a receiver outside Ươm Mầm acknowledge a referral and report its outcome.

The receiver's acknowledgement and outcome go through the referral services
(`services.referral_acknowledge`, `services.referral_record_outcome`), so every rule those services
apply (state, dates, time order) applies to an answer given online as well.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from uommam import rules
from uommam.accounts.models import User
from uommam.audit.services import audit_record, snapshot
from uommam.core.rules_config import rules_settings
from uommam.orgs.models import Role
from uommam.training.models import AwarenessClass, Enrolment
from uommam.vn.dates import format_vn

from . import services, tokens
from .models import AcknowledgementKind, Referral, Status
from .verification_models import (
    AnswerChannel,
    DocumentToken,
    OnlineAcknowledgement,
    TokenKind,
    Verification,
    VerificationResult,
)

if TYPE_CHECKING:
    from uommam.accounts.models import User

logger = logging.getLogger(__name__)

# Per client address: checks (page views, typed codes) and answers (acknowledgement/outcome posts)
# within a window of seconds. A shared cache (not the per-process default) makes it exact behind
# several workers; the per-process default still bounds each worker.
DEFAULT_CHECK_LIMIT = (30, 600)
DEFAULT_ANSWER_LIMIT = (10, 3600)


# --- Issuing and revoking codes ----------------------------------------------------------------------


def _new_token(**fields: Any) -> DocumentToken:
    """A row with a fresh random code; a collision (one in 10¹⁴) simply draws again."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return DocumentToken.objects.create(code=tokens.new_code(), **fields)
        except IntegrityError:
            continue
    raise RuntimeError("could not draw a unique verification code")


def public_url(path: str) -> str:
    return getattr(settings, "UOMMAM_BASE_URL", "").rstrip("/") + path


def verify_url(token: DocumentToken) -> str:
    return public_url(reverse("verify:document", args=[tokens.token_for(token.code)]))


def verify_context(token: DocumentToken, *, ack_code: str = "") -> dict[str, str]:
    """What a document template prints: the link (in the QR), the site and the short code to type,
    and for a letter the acknowledgement code."""
    site = public_url("").split("://", 1)[-1] or "Ươm Mầm"
    return {
        "url": verify_url(token),
        "site": site,
        "code": tokens.display_code(token.code),
        "ack_code": tokens.display_code(ack_code) if ack_code else "",
    }


def print_context(token: DocumentToken) -> dict[str, str]:
    """What a printable web page shows under its QR code: the link, the short code, the site."""
    context = verify_context(token)
    return {"url": context["url"], "code": context["code"], "site": context["site"]}


def letter_token_issue(referral: Referral, actor: User) -> dict[str, str]:
    """A code for the referral letter about to be issued, with its one-time acknowledgement code;
    returns the `verify` context of the letter. The acknowledgement code exists only in the letter
    (and the stored rendering context): here only its keyed hash is kept."""
    ack_code = tokens.new_ack_code()
    token = _new_token(
        kind=TokenKind.LETTER,
        referral=referral,
        ack_code_hash=tokens.ack_code_hash(ack_code),
        valid_until=referral.certificate_expires_on,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(actor=actor, action="create", obj=token, unit=referral.from_cell, note="verification_code_issue")
    return verify_context(token, ack_code=ack_code)


def class_list_token(awareness_class: AwarenessClass, actor: User) -> DocumentToken:
    """The code of a class's certificate list (one per class, made when the list is first printed)."""
    return _document_token(TokenKind.CERTIFICATE_LIST, actor, awareness_class=awareness_class)


def certificate_token(enrolment: Enrolment, actor: User) -> DocumentToken:
    """The code of one student's certificate page (made when it is first printed)."""
    return _document_token(TokenKind.CERTIFICATE, actor, enrolment=enrolment)


def _document_token(kind: str, actor: User, **target: Any) -> DocumentToken:
    existing = DocumentToken.objects.filter(kind=kind, revoked_at__isnull=True, **target).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        token = _new_token(kind=kind, created_by=actor if getattr(actor, "is_authenticated", False) else None, **target)
        audit_record(actor=actor, action="create", obj=token, note="verification_code_issue")
    return token


def token_revoke(*, token: DocumentToken, actor: User, reason: str) -> DocumentToken:
    """The issuer withdraws a code (a letter reissued, a certificate withdrawn): it no longer verifies."""
    reason = " ".join(reason.split())
    if not reason:
        raise services.ReferralError(_("Give the reason for revoking the code."))
    with transaction.atomic():
        token = DocumentToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            return token
        token.revoked_at = timezone.now()
        token.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
        token.revoke_reason = reason[:255]
        token.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        audit_record(
            actor=actor,
            action="update",
            obj=token,
            unit=token.referral.from_cell if token.referral is not None else None,
            after={"revoked_at": token.revoked_at, "reason": token.revoke_reason},
            note="verification_code_revoke",
        )
    return token


# --- Checking --------------------------------------------------------------------------------------


def throttled(address: str, *, kind: str = "check") -> bool:
    """Count one request of `address`; True when it is over the limit of its window. The address is
    kept only as a keyed hash in the cache, for the window's length, never in the database."""
    limit, window = getattr(
        settings, "UOMMAM_VERIFY_ANSWER_LIMIT" if kind == "answer" else "UOMMAM_VERIFY_CHECK_LIMIT", None
    ) or (DEFAULT_ANSWER_LIMIT if kind == "answer" else DEFAULT_CHECK_LIMIT)
    key = "uommam-verify:" + kind + ":" + salted_hmac("uommam.verify.throttle", address).hexdigest()[:32]
    if cache.add(key, 1, timeout=window):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return False
    return count > limit


def journal(presented: str, result: str, token: DocumentToken | None = None) -> None:
    Verification.objects.create(presented=(presented or "")[:64], result=result, token=token)


def resolve_token(presented: str) -> DocumentToken | None:
    """The live token a signed link stands for, or None (tampered, unknown, revoked); journalled."""
    code = tokens.code_from_token(presented)
    return _resolve(presented, code)


def resolve_code(typed: str) -> DocumentToken | None:
    """The live token of a short code typed from paper, or None; journalled."""
    code = tokens.normalise_code(typed)
    return _resolve(code or typed, code)


def _resolve(presented: str, code: str | None) -> DocumentToken | None:
    token = (
        DocumentToken.objects.select_related(
            "referral__person", "referral__from_cell", "referral__to_unit", "referral__letter"
        )
        .filter(code=code)
        .first()
        if code
        else None
    )
    if token is None:
        journal(presented, VerificationResult.UNKNOWN)
        return None
    if token.is_revoked:
        journal(presented, VerificationResult.REVOKED, token)
        return None
    journal(presented, VerificationResult.GENUINE, token)
    return token


@dataclass
class Confirmation:
    """What the public page shows: the minimum a receiver needs to trust the paper in their hand."""

    kind: str
    kind_label: str
    number: str
    dated: date | None
    issuer: str
    student_name: str
    birth_year: int | None
    certificate_number: str
    certificate_issuer: str
    certificate_valid_until: date | None
    certificate_valid: bool | None
    acknowledged_on: date | None = None
    to_unit: str = ""
    status_label: str = ""
    can_acknowledge: bool = False
    can_report_outcome: bool = False
    students: list[dict[str, Any]] | None = None


def confirmation_for(token: DocumentToken, *, today: date | None = None) -> Confirmation:
    today = today or timezone.localdate()
    if token.kind == TokenKind.LETTER:
        return _letter_confirmation(token, today)
    if token.kind == TokenKind.CERTIFICATE:
        return _certificate_confirmation(token, today)
    return _list_confirmation(token, today)


def _valid(expires: date | None, today: date) -> bool | None:
    return None if expires is None else expires >= today


def _letter_confirmation(token: DocumentToken, today: date) -> Confirmation:
    referral = token.referral
    assert referral is not None
    letter = referral.letter
    open_code = bool(token.ack_code_hash) and not code_expired(token, today)
    return Confirmation(
        kind=token.kind,
        kind_label=str(TokenKind(token.kind).label),
        number=referral.letter_number,
        dated=letter.issued_on if letter else referral.sent_on,
        issuer=referral.from_cell.name,
        student_name=referral.person.full_name,
        birth_year=referral.person.dob.year if referral.person.dob else None,
        certificate_number=referral.certificate_number,
        certificate_issuer=referral.certificate_issuer,
        certificate_valid_until=referral.certificate_expires_on,
        certificate_valid=_valid(referral.certificate_expires_on, today),
        acknowledged_on=referral.acknowledged_on,
        to_unit=referral.to_unit.name,
        status_label=str(referral.get_status_display()),
        can_acknowledge=open_code and referral.status == Status.SENT,
        can_report_outcome=open_code and referral.status == Status.ACKNOWLEDGED and _answered_online(referral),
    )


def certificate_valid_until(issued_on: date | None) -> date | None:
    """The last day a certificate issued on `issued_on` is valid (uommam.rules, Hướng dẫn 06-HD/TW)."""
    return rules.certificate_expires_on(issued_on, settings=rules_settings()) if issued_on else None


def _certificate_confirmation(token: DocumentToken, today: date) -> Confirmation:
    enrolment = token.enrolment
    assert enrolment is not None
    awareness_class = enrolment.awareness_class
    expires = certificate_valid_until(enrolment.certificate_issued_on)
    issuer = awareness_class.certificate_issuer or awareness_class.organiser
    return Confirmation(
        kind=token.kind,
        kind_label=str(TokenKind(token.kind).label),
        number=enrolment.certificate_number,
        dated=enrolment.certificate_issued_on,
        issuer=issuer.name,
        student_name=enrolment.person.full_name,
        birth_year=enrolment.person.dob.year if enrolment.person.dob else None,
        certificate_number=enrolment.certificate_number,
        certificate_issuer=issuer.name,
        certificate_valid_until=expires,
        certificate_valid=_valid(expires, today) if enrolment.certificate_number else False,
    )


def _list_confirmation(token: DocumentToken, today: date) -> Confirmation:
    awareness_class = token.awareness_class
    assert awareness_class is not None
    issuer = awareness_class.certificate_issuer or awareness_class.organiser
    students = []
    for enrolment in (
        awareness_class.enrolments.exclude(certificate_number="").select_related("person").order_by("person__sort_key")
    ):
        expires = certificate_valid_until(enrolment.certificate_issued_on)
        students.append(
            {
                "name": enrolment.person.full_name,
                "birth_year": enrolment.person.dob.year if enrolment.person.dob else None,
                "number": enrolment.certificate_number,
                "valid_until": expires,
                "valid": _valid(expires, today),
            }
        )
    return Confirmation(
        kind=token.kind,
        kind_label=str(TokenKind(token.kind).label),
        number=awareness_class.number,
        dated=awareness_class.ends_on,
        issuer=issuer.name,
        student_name="",
        birth_year=None,
        certificate_number="",
        certificate_issuer=issuer.name,
        certificate_valid_until=None,
        certificate_valid=None,
        students=students,
    )


def code_expired(token: DocumentToken, today: date | None = None) -> bool:
    """The acknowledgement code lives as long as the letter is valid (the certificate it carries)."""
    today = today or timezone.localdate()
    return token.valid_until is not None and token.valid_until < today


def _answered_online(referral: Referral) -> bool:
    return OnlineAcknowledgement.objects.filter(referral=referral, channel=AnswerChannel.CODE).exists()


# --- Answering without an account ------------------------------------------------------------------


@dataclass
class Receiver:
    organisation: str
    officer_name: str
    officer_position: str
    contact: str


def _check_code(token: DocumentToken, code: str, today: date) -> None:
    if token.kind != TokenKind.LETTER or not token.ack_code_hash:
        raise services.ReferralError(_("This document cannot be acknowledged online."))
    if code_expired(token, today):
        assert token.valid_until is not None  # code_expired is true only for a letter with a validity date
        raise services.ReferralError(
            _("The acknowledgement code expired on %(date)s with the letter's validity.")
            % {"date": format_vn(token.valid_until)}
        )
    if not tokens.ack_code_matches(code, token.ack_code_hash):
        journal(token.code, VerificationResult.WRONG_CODE, token)
        raise services.ReferralError(_("The acknowledgement code is not right. Check the code printed on the letter."))


def online_acknowledge(*, token: DocumentToken, code: str, receiver: Receiver) -> Referral:
    """The receiver confirms receipt with the letter's code: through `referral_acknowledge`, then
    marked as acknowledged online with who answered. Posting the same answer again changes nothing."""
    today = timezone.localdate()
    _check_code(token, code, today)
    referral = token.referral
    assert referral is not None
    with transaction.atomic():
        existing = OnlineAcknowledgement.objects.filter(referral=referral).first()
        if existing is not None:
            return Referral.objects.get(pk=referral.pk)  # the same code again: already done
        referral = services.referral_acknowledge(referral=referral, actor=None, on=today)
        Referral.objects.filter(pk=referral.pk).update(acknowledgement_kind=AcknowledgementKind.ONLINE)
        referral.acknowledgement_kind = AcknowledgementKind.ONLINE
        answer = OnlineAcknowledgement.objects.create(
            referral=referral,
            channel=AnswerChannel.CODE,
            organisation=receiver.organisation[:200],
            officer_name=receiver.officer_name[:150],
            officer_position=receiver.officer_position[:120],
            contact=receiver.contact[:150],
        )
        audit_record(
            actor=None,
            action="update",
            obj=referral,
            unit=referral.from_cell,
            before={"acknowledgement_kind": AcknowledgementKind.IN_APP},
            after={"acknowledgement_kind": AcknowledgementKind.ONLINE},
            note="referral_online_ack",
        )
        audit_record(actor=None, action="create", obj=answer, unit=referral.from_cell, after=snapshot(answer))
        journal(token.code, VerificationResult.ACKNOWLEDGED, token)
        notify_sender_on_commit(referral, "ack")
    return referral


def online_outcome(
    *, token: DocumentToken, code: str, status: str, on: date, decision_number: str = "", reason: str = ""
) -> Referral:
    """The same receiver, with the same code, reports what became of the student: through
    `referral_record_outcome`. Reporting the outcome already recorded again changes nothing."""
    today = timezone.localdate()
    _check_code(token, code, today)
    referral = token.referral
    assert referral is not None
    answer = OnlineAcknowledgement.objects.filter(referral=referral, channel=AnswerChannel.CODE).first()
    if answer is None:
        raise services.ReferralError(_("Acknowledge receipt first; the outcome follows with the same code."))
    current = Referral.objects.get(pk=referral.pk)
    if current.status == status and current.outcome_on == on:
        return current  # the same report twice
    with transaction.atomic():
        referral = services.referral_record_outcome(
            referral=current, actor=None, status=status, on=on, decision_number=decision_number, reason=reason
        )
        OnlineAcknowledgement.objects.filter(pk=answer.pk).update(outcome_reported_at=timezone.now())
        journal(token.code, VerificationResult.OUTCOME, token)
        notify_sender_on_commit(referral, "outcome")
    return referral


# --- Telling the sender ----------------------------------------------------------------------------


SENDER_ROLES = (Role.CELL_SECRETARY,)


def notify_sender_on_commit(referral: Referral, event: str) -> None:
    from uommam.pipeline.notifications import is_muted

    if is_muted():
        return
    referral_pk = referral.pk
    transaction.on_commit(lambda: notify_sender(referral_pk, event))


def notify_sender(referral_pk: int, event: str) -> int:
    """Mail the secretaries of the sending cell that the receiver answered online."""
    referral = Referral.objects.select_related("person", "from_cell", "to_unit").get(pk=referral_pk)
    answer = OnlineAcknowledgement.objects.filter(referral=referral).first()
    users = (
        User.objects.filter(
            is_active=True,
            role_assignments__unit=referral.from_cell,
            role_assignments__role__in=SENDER_ROLES,
            role_assignments__active=True,
        )
        .exclude(email="")
        .distinct()
    )
    link = public_url(reverse("referrals:detail", args=[referral.pk]))
    who = (
        f"{answer.officer_name}, {answer.officer_position}, {answer.organisation} ({answer.contact})" if answer else ""
    )
    sent = 0
    with translation.override("vi"):
        if event == "ack":
            subject = _("Ươm Mầm: %(unit)s acknowledged the referral of %(name)s")
        else:
            subject = _("Ươm Mầm: %(unit)s reported the outcome for %(name)s")
        subject = subject % {
            "unit": answer.organisation if answer else referral.to_unit.name,
            "name": referral.person.full_name,
        }
        body = _("Answered online by %(who)s. Status: %(status)s.") % {
            "who": who,
            "status": referral.get_status_display(),
        }
        for user in users:
            try:
                send_mail(subject, f"{body}\n\n{link}\n", None, [user.email])
                sent += 1
            except Exception:  # a mail failure must never undo or hide the answer
                logger.exception("referral %s: sender notification failed", referral.pk)
    return sent
