"""Writes: send referrals (with their letter and the `refer` transition), receive, follow, pass on.

Each service checks the referral's state, saves, and writes its audit entry in one transaction;
permissions are checked by the views (sender side / receiver side) before calling.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from uommam import rules
from uommam.audit.services import audit_record, snapshot
from uommam.core.rules_config import rules_settings
from uommam.documents.models import DocType, GeneratedDocument
from uommam.documents.services import document_issue
from uommam.orgs import authority
from uommam.orgs.models import OrgUnit, UnitKind
from uommam.orgs.services import orgunit_create
from uommam.people.models import PartyMember
from uommam.pipeline import workflow
from uommam.pipeline.models import Candidate, DossierForm, DossierStatus
from uommam.vn.dates import format_vn

from .models import OPEN_STATUSES, AcknowledgementKind, DestinationKind, Referral, Status
from .notifications import notify_on_commit
from .selectors import leaving_date

if TYPE_CHECKING:
    from uommam.accounts.models import User

LETTER_TEMPLATE = "referral_letter"
# The two document types of Công văn 1361-CV/BTCTW (30/6/2026) for a referral (domain.md §2, §7).
HELPING_CERTIFICATE_TEMPLATE = "referral_helping_certificate"
INTRODUCTION_TEMPLATE = "referral_introduction_letter"

# Document vocabulary: the letter is Vietnamese whatever the interface language.
_GRADE_WORDS = {
    "tot": "Tốt",
    "kha": "Khá",
    "dat": "Đạt",
    "chua_dat": "Chưa đạt",
    "gioi": "Giỏi",
    "trung_binh": "Trung bình",
    "yeu": "Yếu",
    "kem": "Kém",
}
_SEX_WORDS = {"M": "Nam", "F": "Nữ"}


class ReferralError(Exception):
    """The step is not possible now; the message is a translated sentence for the user."""


@dataclass
class ReferralDraft:
    """What a sender fills in for one student (defaults come from `draft_for`)."""

    candidate: Candidate
    to_unit: OrgUnit
    contact_name: str = ""
    contact_phone: str = ""
    helper_assessment: str = ""
    youth_union_evaluation: str = ""
    youth_union_transfer: str = ""
    verification_status: str = ""
    note: str = ""


def destination_kind_of(unit: OrgUnit) -> str:
    if unit.kind in (UnitKind.COMMUNE_COMMITTEE, UnitKind.LOCALITY):
        return DestinationKind.COMMUNE
    return DestinationKind.UNIVERSITY


def default_verification_status(candidate: Candidate) -> str:
    items = candidate.dossier_items.filter(form=DossierForm.KND20)
    if items.exists() and not items.exclude(status=DossierStatus.CHECKED).exists():
        return "Đã thẩm tra lý lịch"
    if items.exists():
        return "Đang thẩm tra lý lịch"
    return "Chưa thẩm tra lý lịch"


def default_youth_union_transfer(candidate: Candidate) -> str:
    if candidate.person.youth_union_joined_on:
        joined = format_vn(candidate.person.youth_union_joined_on)
        return f"Đoàn viên từ ngày {joined}; Đoàn trường chuyển sinh hoạt Đoàn theo học sinh"
    return "Chưa là đoàn viên"


def school_results_snapshot(candidate: Candidate) -> list[dict[str, Any]]:
    return [
        {
            "school_year": record.school_year,
            "grade_level": record.grade_level,
            "academic_result": _GRADE_WORDS.get(record.academic_result, record.academic_result),
            "conduct": _GRADE_WORDS.get(record.conduct, record.conduct),
        }
        for record in candidate.person.school_records.order_by("school_year")
    ]


def school_results_text(results: Iterable[dict[str, Any]]) -> str:
    parts = [
        f"năm học {r['school_year']} (lớp {r['grade_level']}): học tập {r['academic_result']}, rèn luyện {r['conduct']}"
        for r in results
    ]
    return "; ".join(parts) + "." if parts else "chưa có dữ liệu."


def _letter_context(referral: Referral) -> dict[str, Any]:
    person = referral.person
    settings = rules_settings()
    return {
        "to_unit_name": referral.to_unit.name,
        "from_body_name": referral.from_cell.name,
        "person": {
            "full_name": person.full_name,
            "dob": format_vn(person.dob),
            "sex": _SEX_WORDS.get(person.sex, ""),
            "ethnicity": person.get_ethnicity_display(),
            "citizen_id": person.citizen_id,
            "address": person.home_address or (person.home_commune.name if person.home_commune else ""),
            "class_name": person.class_name,
        },
        "school_name": person.school.name,
        "leaves_school_on": format_vn(referral.leaves_school_on) if referral.leaves_school_on else "",
        "certificate": {
            "number": referral.certificate_number,
            "issuer": referral.certificate_issuer,
            "issued_on": format_vn(referral.certificate_issued_on) if referral.certificate_issued_on else "",
            "expires_on": format_vn(referral.certificate_expires_on) if referral.certificate_expires_on else "",
            "citation": rules.citation_for(
                "certificate_validity", on=referral.sent_on, sets=settings.regulation_sets
            ).text,
        },
        "eligible_from": format_vn(referral.eligible_from) if referral.eligible_from else "",
        "helper_name": referral.helper_name or "chưa phân công",
        "helper_assessment": referral.helper_assessment or "—",
        "youth_union_evaluation": referral.youth_union_evaluation or "—",
        "youth_union_transfer": referral.youth_union_transfer or "—",
        "school_results": school_results_text(referral.school_results),
        "verification_status": referral.verification_status or "—",
        "acknowledge_by": format_vn(rules.referral_acknowledgement_due(referral.sent_on, settings=settings)),
        "contact": ", ".join(p for p in (referral.contact_name, referral.contact_phone) if p) or "—",
    }


def _issue_letter(referral: Referral, actor: User) -> None:
    from .verification import letter_token_issue  # the QR block and codes of the letter (issue 16)

    with translation.override("vi"):
        letter = document_issue(
            unit=referral.from_cell,
            doc_type=DocType.CV,
            template_name=LETTER_TEMPLATE,
            context={**_letter_context(referral), "verify": letter_token_issue(referral, actor)},
            on=referral.sent_on,
            actor=actor,
            summary=f"V/v giới thiệu quần chúng {referral.person.full_name}",
            recipients=[
                "Như trên",
                f"Quần chúng {referral.person.full_name}",
                "Lưu chi bộ",
            ],
            signer_name=str(actor) if getattr(actor, "is_authenticated", False) else "",
            related=referral,
            purpose="referral",
        )
    referral.letter = letter
    referral.letter_number = letter.number_text
    referral.save(update_fields=["letter", "letter_number"])
    referral.letter_docx = letter.docx_bytes  # type: ignore[attr-defined]  # the rendered file, handed on to the caller; not a field


def referral_documents_issue(
    *, referral: Referral, actor: Any, on: date | None = None
) -> tuple[GeneratedDocument, GeneratedDocument]:
    """Issue the two documents that Công văn 1361-CV/BTCTW names for a referral: the certificate that the person
    is being helped towards admission (GCN) and the letter introducing them outside the commune-level Party
    organisation (CV), which cites the certificate's number. Both are numbered on issue in the sending cell's
    books, recorded with the referral and journalled (`document_issue`), in one transaction. Issued once: a
    second call returns the documents already issued, with their numbers."""
    on = on or timezone.localdate()
    cell = referral.from_cell
    name = referral.person.full_name
    signer = str(actor) if getattr(actor, "is_authenticated", False) else ""
    with transaction.atomic(), translation.override("vi"):
        # The referral's row is the lock: a double click waits here and then finds the documents issued, so
        # the cell's books never get a second pair of numbers for one referral.
        Referral.objects.select_for_update().filter(pk=referral.pk).first()
        issued = referral_documents(referral)
        if issued is not None:
            return issued
        # Dated on or after the referral, not in the future, and signed by a cell still in existence that day.
        _check_date(on, referral)
        problem = authority.body_problem(cell, on, act=_("the referral documents"))
        if problem:
            raise ReferralError(problem)
        context = _letter_context(referral)
        certificate = document_issue(
            unit=cell,
            doc_type=DocType.GCN,
            template_name=HELPING_CERTIFICATE_TEMPLATE,
            context=context,
            on=on,
            actor=actor,
            summary=f"Chứng nhận quần chúng {name} đang trong thời gian được giúp đỡ",
            recipients=[f"Quần chúng {name}", referral.to_unit.name, "Lưu chi bộ"],
            signer_name=signer,
            related=referral,
            purpose="referral",
        )
        superior = authority.deciding_committee_on(cell, on)
        letter = document_issue(
            unit=cell,
            doc_type=DocType.CV,
            template_name=INTRODUCTION_TEMPLATE,
            context={
                **context,
                "helping_certificate_number": certificate.number_text,
                "superior_name": superior.name if superior is not None else "",
            },
            on=on,
            actor=actor,
            summary="V/v giới thiệu người vào Đảng chuyển ra ngoài đảng bộ cấp xã",
            recipients=["Như trên", f"Quần chúng {name}", "Lưu chi bộ"],
            signer_name=signer,
            related=referral,
            purpose="referral",
        )
    return certificate, letter


def referral_documents(referral: Referral) -> tuple[GeneratedDocument, GeneratedDocument] | None:
    """The certificate and introduction letter already issued for `referral` (the latest of each), if both are."""
    documents = GeneratedDocument.objects.filter(
        content_type=ContentType.objects.get_for_model(Referral),
        object_id=str(referral.pk),
        template_name__in=(HELPING_CERTIFICATE_TEMPLATE, INTRODUCTION_TEMPLATE),
    ).order_by("-pk")
    by_template: dict[str, GeneratedDocument] = {}
    for document in documents:
        by_template.setdefault(document.template_name, document)
    certificate = by_template.get(HELPING_CERTIFICATE_TEMPLATE)
    letter = by_template.get(INTRODUCTION_TEMPLATE)
    if certificate is None or letter is None:
        return None
    return certificate, letter


def _snapshot_package(referral: Referral, candidate: Candidate) -> None:
    settings = rules_settings()
    person = candidate.person
    leaves, _estimated = leaving_date(person)
    referral.leaves_school_on = leaves
    referral.eligible_from = rules.admission_age_from(person.dob, settings.age_policy, settings=settings)
    referral.certificate_number = candidate.certificate_number
    referral.certificate_issued_on = candidate.certificate_issued_on
    referral.certificate_issuer = candidate.certificate_issuer.name if candidate.certificate_issuer else ""
    if candidate.certificate_issued_on:
        referral.certificate_expires_on = rules.certificate_expires_on(
            candidate.certificate_issued_on, settings=settings
        )
    referral.helper_name = candidate.helper.full_name if candidate.helper else ""
    referral.school_results = school_results_snapshot(candidate)


def referral_create(
    *, draft: ReferralDraft, actor: User, sent_on: date | None = None, check_permission: bool = True
) -> Referral:
    """Refer one student: the `refer` transition, the referral with its package, and its letter."""
    sent_on = sent_on or timezone.localdate()
    candidate = draft.candidate
    to_unit = draft.to_unit
    if to_unit.pk in (candidate.cell_id, candidate.cell.school_id):
        raise ReferralError(_("A student cannot be referred to their own school."))
    problem = authority.body_problem(to_unit, sent_on, act=_("a referral"))
    if problem:
        raise ReferralError(problem)
    with transaction.atomic():
        try:
            candidate = workflow.perform(
                candidate,
                "refer",
                actor=actor,
                data={"effective_on": sent_on, "exit_reason": f"Giới thiệu về {to_unit.name}"},
                today=max(sent_on, timezone.localdate()),
                check_permission=check_permission,
            )
        except workflow.TransitionError as exc:
            raise ReferralError(" ".join(exc.reasons)) from exc
        referral = Referral(
            candidate=candidate,
            person=candidate.person,
            from_cell=candidate.cell,
            to_unit=to_unit,
            destination_kind=destination_kind_of(to_unit),
            sent_on=sent_on,
            # A referral always names a contact (domain.md §7): by default, the person who sends it.
            contact_name=draft.contact_name or (str(actor) if getattr(actor, "is_authenticated", False) else ""),
            contact_phone=draft.contact_phone or getattr(actor, "phone", "") or "",
            helper_assessment=draft.helper_assessment,
            youth_union_evaluation=draft.youth_union_evaluation,
            youth_union_transfer=draft.youth_union_transfer or default_youth_union_transfer(candidate),
            verification_status=draft.verification_status or default_verification_status(candidate),
            note=draft.note,
            created_by=_user(actor),
            updated_by=_user(actor),
        )
        _snapshot_package(referral, candidate)
        referral.save()
        _issue_letter(referral, actor)
        audit_record(
            actor=actor,
            action="create",
            note="referral_send",
            obj=referral,
            unit=referral.from_cell,
            after={"to_unit": to_unit.pk, "sent_on": sent_on, "letter": referral.letter_number},
        )
        notify_on_commit(referral)
    return referral


def referral_record_sent(
    *,
    candidate: Candidate,
    to_unit: OrgUnit,
    actor: User,
    sent_on: date,
    letter_number: str = "",
    issue_letter: bool = False,
    contact_name: str = "",
) -> Referral:
    """Record a referral made before it was tracked here (on paper, or by an import): the candidacy
    is already in the REFERRED stage; the package is snapshotted from it as it stands."""
    from uommam.pipeline.stages import Stage

    if candidate.stage != Stage.REFERRED:
        raise ReferralError(_("Only a student already marked as referred can be recorded this way."))
    problem = authority.body_problem(to_unit, sent_on, act=_("a referral"))
    if problem:
        raise ReferralError(problem)
    with transaction.atomic():
        referral = Referral(
            candidate=candidate,
            person=candidate.person,
            from_cell=candidate.cell,
            to_unit=to_unit,
            destination_kind=destination_kind_of(to_unit),
            sent_on=sent_on,
            letter_number=letter_number,
            contact_name=contact_name,
            youth_union_transfer=default_youth_union_transfer(candidate),
            verification_status=default_verification_status(candidate),
            created_by=_user(actor),
            updated_by=_user(actor),
        )
        _snapshot_package(referral, candidate)
        referral.save()
        if issue_letter:
            _issue_letter(referral, actor)
        audit_record(
            actor=actor,
            action="create",
            note="referral_record",
            obj=referral,
            unit=referral.from_cell,
            after={"to_unit": to_unit.pk, "sent_on": sent_on, "letter": referral.letter_number},
        )
    return referral


def referral_bulk_create(*, drafts: list[ReferralDraft], actor: User, sent_on: date | None = None) -> list[Referral]:
    """Refer several students at once: all or none."""
    with transaction.atomic():
        return [referral_create(draft=draft, actor=actor, sent_on=sent_on) for draft in drafts]


def external_destination_create(
    *, name: str, address: str = "", phone: str = "", email: str = "", actor: User
) -> OrgUnit:
    """A college or organisation that is not in the registry and does not use Ươm Mầm: the sender
    prints the letter and later records the paper acknowledgement."""
    name = " ".join(name.split())
    if not name:
        raise ReferralError(_("Give the organisation's name."))
    existing = OrgUnit.objects.filter(kind=UnitKind.UNIVERSITY, uses_uommam=False, name__iexact=name).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        count = OrgUnit.objects.filter(code__startswith="NGOAI-").count()
        code = f"NGOAI-{count + 1:04d}"
        while OrgUnit.objects.filter(code=code).exists():
            count += 1
            code = f"NGOAI-{count + 1:04d}"
        return orgunit_create(
            actor=_user(actor),
            code=code,
            name=name[:200],
            kind=UnitKind.UNIVERSITY,
            address=address[:255],
            phone=phone[:40],
            email=email,
            uses_uommam=False,
        )


def _user(actor: User | None) -> User | None:
    return actor if getattr(actor, "is_authenticated", False) else None


def _save(referral: Referral, before: dict[str, Any], actor: User | None, action: str, fields: list[str]) -> Referral:
    referral.updated_by = _user(actor)
    referral.version += 1
    referral.save(update_fields=[*fields, "updated_by", "version", "updated_at"])
    audit_record(
        actor=actor,
        action="update",
        obj=referral,
        unit=referral.from_cell,
        before=before,
        after=snapshot(referral),
        note=action,
    )
    return referral


def _locked(referral: Referral) -> Referral:
    return (
        Referral.objects.select_for_update(of=("self",))
        .select_related("to_unit", "from_cell", "person")
        .get(pk=referral.pk)
    )


def _check_date(on: date, referral: Referral) -> None:
    if on < referral.sent_on:
        raise ReferralError(
            _("The date %(date)s is before the referral was sent (%(sent)s).")
            % {"date": format_vn(on), "sent": format_vn(referral.sent_on)}
        )
    if on > timezone.localdate():
        raise ReferralError(_("The date %(date)s is in the future.") % {"date": format_vn(on)})
    if not rules.in_bounds(on, "event", timezone.localdate(), settings=rules_settings()):
        raise ReferralError(_("The date %(date)s is not plausible.") % {"date": format_vn(on)})


def _check_receiver(on: date, referral: Referral) -> None:
    """The receiving unit acts only while it is alive: a referral to a unit closed before `on` must
    first be passed on to its successor (the sentence names it)."""
    problem = authority.body_problem(referral.to_unit, on, act=_("a referral's acknowledgement or outcome"))
    if problem:
        raise ReferralError(problem + " " + _("Pass the referral on to the successor first."))


def _check_after_acknowledgement(on: date, referral: Referral) -> None:
    """An outcome follows the acknowledgement (the time-order table: acknowledged ≤ outcome)."""
    if referral.acknowledged_on is None:
        raise ReferralError(
            _("The referral has not been acknowledged: record its acknowledgement (with its date) before an outcome.")
        )
    if on < referral.acknowledged_on:
        raise ReferralError(
            _("The outcome date %(date)s is before the acknowledgement (%(ack)s).")
            % {"date": format_vn(on), "ack": format_vn(referral.acknowledged_on)}
        )


def referral_acknowledge(*, referral: Referral, actor: User | None, on: date) -> Referral:
    """The receiver confirms receipt in the application."""
    with transaction.atomic():
        referral = _locked(referral)
        if referral.status != Status.SENT:
            raise ReferralError(_("This referral has already been acknowledged."))
        _check_date(on, referral)
        _check_receiver(on, referral)
        before = snapshot(referral)
        referral.status = Status.ACKNOWLEDGED
        referral.acknowledged_on = on
        referral.acknowledged_by = _user(actor)
        referral.acknowledgement_kind = AcknowledgementKind.IN_APP
        return _save(
            referral,
            before,
            actor,
            "referral_ack",
            ["status", "acknowledged_on", "acknowledged_by", "acknowledgement_kind"],
        )


def referral_record_paper_acknowledgement(*, referral: Referral, actor: User, on: date, signed_by: str) -> Referral:
    """The sender records the receipt signed on paper by an organisation outside Ươm Mầm."""
    signed_by = " ".join(signed_by.split())
    if not signed_by:
        raise ReferralError(_("Give the name of the person who signed the acknowledgement."))
    with transaction.atomic():
        referral = _locked(referral)
        if referral.status != Status.SENT:
            raise ReferralError(_("This referral has already been acknowledged."))
        _check_date(on, referral)
        _check_receiver(on, referral)
        before = snapshot(referral)
        referral.status = Status.ACKNOWLEDGED
        referral.acknowledged_on = on
        referral.acknowledged_by = _user(actor)
        referral.acknowledgement_kind = AcknowledgementKind.PAPER
        referral.paper_signed_by = signed_by[:150]
        return _save(
            referral,
            before,
            actor,
            "referral_paper_ack",
            ["status", "acknowledged_on", "acknowledged_by", "acknowledgement_kind", "paper_signed_by"],
        )


def referral_assign_helper(
    *, referral: Referral, actor: User, name: str = "", position: str = "", member: PartyMember | None = None
) -> Referral:
    if member is not None:
        name = name or member.full_name
        position = position or member.position
    name = " ".join(name.split())
    if not name:
        raise ReferralError(_("Give the helper's name or choose a member."))
    with transaction.atomic():
        referral = _locked(referral)
        if referral.status not in OPEN_STATUSES:
            raise ReferralError(_("This referral is closed."))
        if referral.acknowledged_on is None:
            # Never a silent acknowledgement dated today: the receiver records it, with its date, first.
            raise ReferralError(
                _("Acknowledge the referral (with the date it was received) before assigning a helper.")
            )
        before = snapshot(referral)
        referral.receiver_helper_name = name[:150]
        referral.receiver_helper_position = position[:120]
        referral.receiver_helper_member = member
        fields = ["receiver_helper_name", "receiver_helper_position", "receiver_helper_member"]
        return _save(referral, before, actor, "referral_helper", fields)


def referral_record_outcome(
    *, referral: Referral, actor: User | None, status: str, on: date, decision_number: str = "", reason: str = ""
) -> Referral:
    """Admitted (date, decision number), not admitted (reason) or lost contact."""
    if status not in (Status.ADMITTED, Status.NOT_ADMITTED, Status.LOST_CONTACT):
        raise ReferralError(_("Choose an outcome."))
    decision_number = decision_number.strip()
    reason = " ".join(reason.split())
    if status == Status.ADMITTED and not decision_number:
        raise ReferralError(_("Give the number of the admission decision."))
    if status == Status.NOT_ADMITTED and not reason:
        raise ReferralError(_("Give the reason."))
    with transaction.atomic():
        referral = _locked(referral)
        if referral.status not in OPEN_STATUSES:
            raise ReferralError(_("This referral is closed."))
        _check_date(on, referral)
        _check_after_acknowledgement(on, referral)
        _check_receiver(on, referral)
        before = snapshot(referral)
        fields = ["status", "outcome_on", "decision_number", "outcome_reason"]
        referral.status = status
        referral.outcome_on = on
        referral.decision_number = decision_number[:40] if status == Status.ADMITTED else ""
        referral.outcome_reason = reason[:255]
        return _save(referral, before, actor, "referral_outcome", fields)


def referral_pass_on(*, referral: Referral, actor: User, to_unit: OrgUnit, on: date, note: str = "") -> Referral:
    """The student moved on: close this referral as passed on and open a new one at `to_unit`, with the
    same package. The new receiver acknowledges it afresh."""
    with transaction.atomic():
        referral = _locked(referral)
        if referral.status not in OPEN_STATUSES:
            raise ReferralError(_("This referral is closed."))
        if to_unit.pk == referral.to_unit_id:
            raise ReferralError(_("Choose another organisation."))
        _check_date(on, referral)
        if referral.acknowledged_on is not None and on < referral.acknowledged_on:
            raise ReferralError(
                _("The date %(date)s is before the acknowledgement (%(ack)s).")
                % {"date": format_vn(on), "ack": format_vn(referral.acknowledged_on)}
            )
        problem = authority.body_problem(to_unit, on, act=_("a referral"))
        if problem:
            raise ReferralError(problem)
        before = snapshot(referral)
        referral.status = Status.PASSED_ON
        referral.outcome_on = on
        referral.outcome_reason = (note or f"Chuyển tiếp về {to_unit.name}")[:255]
        _save(referral, before, actor, "referral_pass_on", ["status", "outcome_on", "outcome_reason"])
        successor = Referral.objects.get(pk=referral.pk)
        successor.pk = None
        successor.id = None
        successor._state.adding = True
        successor.previous = referral
        successor.to_unit = to_unit
        successor.destination_kind = destination_kind_of(to_unit)
        successor.status = Status.SENT
        successor.sent_on = on
        successor.note = note
        for field in (
            "acknowledged_on",
            "acknowledged_by",
            "outcome_on",
            "receiver_helper_member",
        ):
            setattr(successor, field, None)
        for field in (
            "acknowledgement_kind",
            "decision_number",
            "outcome_reason",
            "paper_signed_by",
            "receiver_helper_name",
            "receiver_helper_position",
        ):
            setattr(successor, field, "")
        successor.created_by = successor.updated_by = _user(actor)
        successor.version = 1
        successor.save()
        audit_record(
            actor=actor,
            action="create",
            note="referral_send",
            obj=successor,
            unit=successor.from_cell,
            after={"to_unit": to_unit.pk, "sent_on": on, "previous": referral.pk},
        )
        notify_on_commit(successor)
    return successor
