"""Signed referral packages between Ươm Mầm installations, with no central server.

A package is an ordinary .zip: `manifest.json` (format, kind, sending installation, key id, files),
the data (`referral.json` or `reply.json`) and, for a referral, the letter (`letter.pdf`, or
`letter.docx` where LibreOffice is missing) and, once issued, the certificate and introduction letter of
1361-CV/BTCTW (`helping_certificate.pdf`, `introduction_letter.pdf`, same fallback). The zip's comment holds the Ed25519 signature of every
byte before it, so changing any single byte of the file — content, names, dates, headers — makes
the package refused; the zip still opens in any archive tool.

* The sender exports the package of a referral (`referral_package`) and hands it over (e-mail,
  USB stick). The receiving installation imports it into the inbox of one of its units
  (`package_import`) after checking the signature against the key the sender publishes at
  `/.well-known/uommam-keys.json`, which the receiver's administrator trusted beforehand
  (`installation_trust`).
* The receiver acknowledges and later records the outcome there (`inbound_acknowledge`,
  `inbound_record_outcome`) and sends back a signed reply (`reply_package`). The sender imports the
  reply (`package_import` again), which goes through the referral services like any other answer.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidSignature
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uommam.audit.services import audit_record
from uommam.documents.models import GeneratedDocument
from uommam.documents.rendering import ConversionFailed, LibreOfficeMissing
from uommam.documents.services import document_docx, document_pdf
from uommam.orgs.models import OrgUnit

from . import keys, services
from .models import AcknowledgementKind, Referral, Status
from .verification_models import (
    AnswerChannel,
    DocumentToken,
    InboundReferral,
    InboundStatus,
    OnlineAcknowledgement,
    TokenKind,
    TrustedInstallation,
)

if TYPE_CHECKING:
    from uommam.accounts.models import User

PACKAGE_FORMAT = "uommam-package/1"
SIGNATURE_CHARS = 88  # base64 of a 64-byte Ed25519 signature
REFERRAL_FILES = {"manifest.json", "referral.json"}
REPLY_FILES = {"manifest.json", "reply.json"}
LETTER_NAMES = ("letter.pdf", "letter.docx")
# The two documents of Công văn 1361-CV/BTCTW travel with the letter once issued (optional in a package).
OFFICIAL_STEMS = ("helping_certificate", "introduction_letter")
OFFICIAL_NAMES = tuple(f"{stem}.{ext}" for stem in OFFICIAL_STEMS for ext in ("pdf", "docx"))
OUTCOMES = (InboundStatus.ADMITTED, InboundStatus.NOT_ADMITTED, InboundStatus.LOST_CONTACT)


class PackageRefused(Exception):
    """The package is not accepted; the message is a translated sentence for the user."""


# --- Signing and checking ---------------------------------------------------------------------------


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _signed_zip(kind: str, files: dict[str, bytes]) -> bytes:
    """The zip of `files` and their manifest, signed in its comment."""
    key = keys.private_key()
    public = keys.raw_public(key.public_key())
    manifest = {
        "format": PACKAGE_FORMAT,
        "kind": kind,
        "origin": keys.origin(),
        "name": keys.installation_name(),
        "kid": keys.key_id(public),
        "created_at": timezone.now().isoformat(),
        "files": {name: _sha256(data) for name, data in sorted(files.items())},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        for name, data in sorted(files.items()):
            archive.writestr(name, data)
        archive.comment = b"=" * SIGNATURE_CHARS  # placeholder of the signature's length
    unsigned = buffer.getvalue()[:-SIGNATURE_CHARS]
    signature = base64.b64encode(key.sign(unsigned))
    assert len(signature) == SIGNATURE_CHARS
    return unsigned + signature


def _signer(signature: bytes, signed: bytes) -> tuple[TrustedInstallation, str] | None:
    """The trusted installation (and key id) whose key made `signature` over `signed`, if any. The
    signature is checked before the zip is opened: nothing of an unsigned file is parsed."""
    for trusted in TrustedInstallation.objects.all():
        for entry in trusted.keys:
            try:
                keys.public_key_from(entry).verify(signature, signed)
            except (InvalidSignature, ValueError, KeyError, TypeError):
                continue
            return trusted, str(entry.get("kid", ""))
    return None


def _open_signed(data: bytes, *, max_bytes: int | None = None) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Check the signature of a package against the installations this one trusts; its manifest and
    files. Anything wrong → `PackageRefused`, nothing written."""
    limit: int = max_bytes or settings.UOMMAM_IMPORT_MAX_BYTES
    if len(data) > limit:
        raise PackageRefused(_("The package is too large."))
    broken = PackageRefused(_("This is not an intact Ươm Mầm package: it was changed or damaged after signing."))
    try:
        signature = base64.b64decode(data[-SIGNATURE_CHARS:], validate=True)
    except ValueError as exc:
        raise broken from exc
    signer = _signer(signature, data[:-SIGNATURE_CHARS])
    if signer is None:
        origin = _claimed_origin(data)
        if origin and not TrustedInstallation.objects.filter(origin=origin).exists():
            raise PackageRefused(
                _("The package comes from %(origin)s, which this installation does not trust yet.") % {"origin": origin}
            )
        raise broken
    trusted, kid = signer
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if sum(info.file_size for info in infos) > limit * 4 or len(infos) > 5:
                raise broken
            files = {info.filename: archive.read(info) for info in infos}
        manifest = json.loads(files.pop("manifest.json"))
    except PackageRefused:
        raise
    except Exception as exc:  # signed but unreadable: refused like a damaged file
        raise broken from exc
    # Signed, so the manifest is the signer's: it must name the signer and list exactly these files.
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != PACKAGE_FORMAT
        or str(manifest.get("origin", "")).rstrip("/") != trusted.origin
        or manifest.get("kid") != kid
        or {name: _sha256(content) for name, content in files.items()} != manifest.get("files")
    ):
        raise broken
    manifest["trusted"] = trusted
    return manifest, files


def _claimed_origin(data: bytes) -> str:
    """The installation an unverified package claims to come from, only to word the refusal."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return str(json.loads(archive.read("manifest.json")).get("origin", "")).rstrip("/")
    except Exception:  # an unreadable claim is simply no claim
        return ""


# --- Trust ------------------------------------------------------------------------------------------


def installation_trust(*, document: dict[str, Any], actor: User | None, origin: str = "") -> TrustedInstallation:
    """Trust the keys another installation publishes (`/.well-known/uommam-keys.json`, fetched by its
    address or handed over as a file). Trusting again replaces its keys (a key changed)."""
    if document.get("format") != keys.KEYS_FORMAT or not isinstance(document.get("keys"), list):
        raise PackageRefused(_("This is not a key list of an Ươm Mầm installation."))
    origin = (origin or str(document.get("origin", ""))).rstrip("/")
    if not origin.startswith(("https://", "http://")):
        raise PackageRefused(_("The key list does not name the installation's address."))
    entries = []
    for entry in document["keys"]:
        try:
            public = keys.raw_public(keys.public_key_from(entry))
        except (KeyError, ValueError, TypeError) as exc:
            raise PackageRefused(_("The key list holds a key that cannot be read.")) from exc
        entries.append({"kid": keys.key_id(public), "alg": "Ed25519", "public_key": entry["public_key"]})
    with transaction.atomic():
        trusted, _created = TrustedInstallation.objects.update_or_create(
            origin=origin,
            defaults={"name": str(document.get("name") or origin)[:200], "keys": entries, "added_by": _user(actor)},
        )
        audit_record(actor=actor, action="update", obj=trusted, after={"origin": origin, "keys": entries}, note="trust")
    return trusted


def _user(actor: User | None) -> User | None:
    return actor if getattr(actor, "is_authenticated", False) else None


# --- Sender: export a referral, import a reply ------------------------------------------------------


def _letter_token(referral: Referral) -> DocumentToken:
    token = referral.verification_tokens.filter(kind=TokenKind.LETTER, revoked_at__isnull=True).first()
    if token is None or referral.letter is None:
        raise PackageRefused(_("This referral has no letter with a verification code to send."))
    return token


def _document_file(document: GeneratedDocument, stem: str) -> tuple[str, bytes]:
    try:
        return f"{stem}.pdf", document_pdf(document)
    except (LibreOfficeMissing, ConversionFailed):
        return f"{stem}.docx", document_docx(document)


def _letter_file(referral: Referral) -> tuple[str, bytes]:
    assert referral.letter is not None
    return _document_file(referral.letter, "letter")


def _official_files(referral: Referral) -> dict[str, bytes]:
    """The certificate and introduction letter of 1361-CV/BTCTW, once the cell has issued them."""
    issued = services.referral_documents(referral)
    if issued is None:
        return {}
    return dict(_document_file(document, stem) for document, stem in zip(issued, OFFICIAL_STEMS, strict=True))


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def referral_data(referral: Referral, token: DocumentToken) -> dict[str, Any]:
    """What the receiving installation needs of the referral: the letter's facts and the package
    snapshotted when it was sent. No identity number travels."""
    person = referral.person
    return {
        "package_id": token.code,
        "letter_number": referral.letter_number,
        "sent_on": _iso(referral.sent_on),
        "from_unit": referral.from_cell.name,
        "to_unit": referral.to_unit.name,
        "contact": {"name": referral.contact_name, "phone": referral.contact_phone},
        "student": {
            "full_name": person.full_name,
            "dob": _iso(person.dob),
            "sex": person.sex,
            "school": person.school.name if person.school_id else "",
            "class_name": person.class_name,
        },
        "certificate": {
            "number": referral.certificate_number,
            "issued_on": _iso(referral.certificate_issued_on),
            "issuer": referral.certificate_issuer,
            "valid_until": _iso(referral.certificate_expires_on),
        },
        "eligible_from": _iso(referral.eligible_from),
        "leaves_school_on": _iso(referral.leaves_school_on),
        "helper_name": referral.helper_name,
        "helper_assessment": referral.helper_assessment,
        "youth_union_evaluation": referral.youth_union_evaluation,
        "youth_union_transfer": referral.youth_union_transfer,
        "school_results": referral.school_results,
        "verification_status": referral.verification_status,
    }


def referral_package(*, referral: Referral) -> bytes:
    """The signed package of a referral (its letter and data), for another installation."""
    token = _letter_token(referral)
    name, letter = _letter_file(referral)
    data = json.dumps(referral_data(referral, token), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    # Not journalled here: the view journals the download with its purpose, like the letter's.
    files = {"referral.json": data.encode("utf-8"), name: letter, **_official_files(referral)}
    return _signed_zip("referral", files)


def _apply_reply(
    manifest: dict[str, Any], reply: dict[str, Any], actor: User, may_answer: Callable[[Referral], bool]
) -> Referral:
    token = (
        DocumentToken.objects.select_related("referral")
        .filter(code=str(reply.get("package_id", "")), kind=TokenKind.LETTER, revoked_at__isnull=True)
        .first()
    )
    if token is None or reply.get("to_origin") != keys.origin():
        raise PackageRefused(_("This reply answers no referral sent from this installation."))
    referral = token.referral
    assert referral is not None
    if not may_answer(referral):
        raise PackageRefused(_("This reply answers a referral that you do not follow."))
    trusted: TrustedInstallation = manifest["trusted"]
    acknowledged_on = _date(reply.get("acknowledged_on"))
    with transaction.atomic():
        if acknowledged_on and referral.status == Status.SENT:
            referral = services.referral_acknowledge(referral=referral, actor=None, on=acknowledged_on)
            Referral.objects.filter(pk=referral.pk).update(acknowledgement_kind=AcknowledgementKind.ONLINE)
            OnlineAcknowledgement.objects.update_or_create(
                referral=referral,
                defaults={
                    "channel": AnswerChannel.PACKAGE,
                    "organisation": str(reply.get("organisation", ""))[:200] or trusted.name[:200],
                    "officer_name": str(reply.get("officer_name", ""))[:150],
                    "officer_position": str(reply.get("officer_position", ""))[:120],
                    "contact": str(reply.get("contact", ""))[:150],
                },
            )
        status = reply.get("status")
        outcome_on = _date(reply.get("outcome_on"))
        referral.refresh_from_db()
        if status in OUTCOMES and outcome_on and referral.status in (Status.SENT, Status.ACKNOWLEDGED):
            referral = services.referral_record_outcome(
                referral=referral,
                actor=None,
                status=status,
                on=outcome_on,
                decision_number=str(reply.get("decision_number", "")),
                reason=str(reply.get("outcome_reason", "")),
            )
            OnlineAcknowledgement.objects.filter(referral=referral).update(outcome_reported_at=timezone.now())
        audit_record(
            actor=actor,
            action="import",
            obj=referral,
            unit=referral.from_cell,
            after={"from": trusted.origin, "status": referral.status},
            note="referral_reply_import",
        )
    return referral


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError as exc:
        raise PackageRefused(_("The package holds a date that cannot be read.")) from exc


# --- Receiver: import a referral, answer, export the reply -------------------------------------------


def package_import(
    *,
    data: bytes,
    actor: User,
    to_unit: OrgUnit | None = None,
    may_answer: Callable[[Referral], bool] = lambda referral: True,
) -> InboundReferral | Referral:
    """Check and import a package: a referral into `to_unit`'s inbox (importing it again changes
    nothing), or a reply onto the referral it answers (if `may_answer` allows the importing user)."""
    manifest, files = _open_signed(data)
    kind = manifest.get("kind")
    try:
        if kind == "reply" and set(files) | {"manifest.json"} == REPLY_FILES:
            return _apply_reply(manifest, json.loads(files["reply.json"]), actor, may_answer)
        letters = [name for name in LETTER_NAMES if name in files]
        official = [name for name in OFFICIAL_NAMES if name in files]
        known = set(letters) | set(official)
        if kind != "referral" or set(files) - known | {"manifest.json"} != REFERRAL_FILES or len(letters) != 1:
            raise PackageRefused(_("The package does not hold what a referral package holds."))
        payload = json.loads(files["referral.json"])
    except ValueError as exc:
        raise PackageRefused(_("The package holds data that cannot be read.")) from exc
    if to_unit is None:
        raise PackageRefused(_("Choose the organisation that receives the student."))
    trusted: TrustedInstallation = manifest["trusted"]
    package_id = str(payload.get("package_id", ""))[:10]
    with transaction.atomic():
        inbound, created = InboundReferral.objects.get_or_create(
            origin=trusted,
            package_id=package_id,
            defaults={
                "to_unit": to_unit,
                "payload": payload,
                "letter_name": letters[0],
                "letter": files[letters[0]],
                "imported_by": _user(actor),
            },
        )
        if created:
            audit_record(
                actor=actor,
                action="import",
                obj=inbound,
                unit=to_unit,
                after={"from": trusted.origin, "package": package_id},
                note="referral_package_import",
            )
    return inbound


def _inbound_locked(inbound: InboundReferral) -> InboundReferral:
    return InboundReferral.objects.select_for_update().select_related("origin", "to_unit").get(pk=inbound.pk)


def inbound_acknowledge(
    *, inbound: InboundReferral, actor: User, on: date, officer_name: str, officer_position: str, contact: str
) -> InboundReferral:
    sent_on = _date(inbound.payload.get("sent_on"))
    if sent_on and on < sent_on:
        raise PackageRefused(_("The date of receipt is before the referral was sent."))
    if on > timezone.localdate():
        raise PackageRefused(_("The date of receipt is in the future."))
    with transaction.atomic():
        inbound = _inbound_locked(inbound)
        if inbound.status != InboundStatus.RECEIVED:
            raise PackageRefused(_("This referral has already been acknowledged."))
        inbound.status = InboundStatus.ACKNOWLEDGED
        inbound.acknowledged_on = on
        inbound.officer_name = " ".join(officer_name.split())[:150]
        inbound.officer_position = " ".join(officer_position.split())[:120]
        inbound.contact = contact.strip()[:150]
        inbound.save()
        audit_record(actor=actor, action="update", obj=inbound, unit=inbound.to_unit, note="inbound_ack")
    return inbound


def inbound_record_outcome(
    *, inbound: InboundReferral, actor: User, status: str, on: date, decision_number: str = "", reason: str = ""
) -> InboundReferral:
    if status not in OUTCOMES:
        raise PackageRefused(_("Choose an outcome."))
    if status == InboundStatus.ADMITTED and not decision_number.strip():
        raise PackageRefused(_("Give the number of the admission decision."))
    with transaction.atomic():
        inbound = _inbound_locked(inbound)
        if inbound.status != InboundStatus.ACKNOWLEDGED or inbound.acknowledged_on is None:
            raise PackageRefused(_("Acknowledge receipt first."))
        if on < inbound.acknowledged_on or on > timezone.localdate():
            raise PackageRefused(_("The date of the outcome is before the receipt or in the future."))
        inbound.status = status
        inbound.outcome_on = on
        inbound.decision_number = decision_number.strip()[:40] if status == InboundStatus.ADMITTED else ""
        inbound.outcome_reason = " ".join(reason.split())[:255]
        inbound.save()
        audit_record(actor=actor, action="update", obj=inbound, unit=inbound.to_unit, note="inbound_outcome")
    return inbound


def reply_package(*, inbound: InboundReferral) -> bytes:
    """The signed answer to send back: acknowledgement and, once known, the outcome."""
    if inbound.status == InboundStatus.RECEIVED:
        raise PackageRefused(_("Acknowledge receipt first."))
    reply = {
        "package_id": inbound.package_id,
        "to_origin": inbound.origin.origin,
        "organisation": inbound.to_unit.name,
        "officer_name": inbound.officer_name,
        "officer_position": inbound.officer_position,
        "contact": inbound.contact,
        "acknowledged_on": _iso(inbound.acknowledged_on),
        "status": inbound.status,
        "outcome_on": _iso(inbound.outcome_on),
        "decision_number": inbound.decision_number,
        "outcome_reason": inbound.outcome_reason,
    }
    data = json.dumps(reply, ensure_ascii=False, indent=2).encode("utf-8")
    return _signed_zip("reply", {"reply.json": data})
