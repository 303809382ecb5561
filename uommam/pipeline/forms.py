"""Shapes of the pipeline forms: one form per transition (`TRANSITION_FORMS`), and the dossier,
introducer, helper and nomination forms. Rules are checked by the workflow's guards, not here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uommam import rules
from uommam.core.forms import StyledForm, choice_field, date_field, model_choice_field
from uommam.core.locking import SeenAtField
from uommam.core.rules_config import rules_settings
from uommam.orgs import authority
from uommam.orgs.models import OrgUnit
from uommam.people.models import PartyMember

from . import due as deadlines
from .models import DOSSIER_FILE_EXTENSIONS, Candidate, DossierForm, DossierStatus, Route
from .selectors import cell_members
from .wording import working_days

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# The first bytes of each accepted file type; anything else is refused whatever its name says.
MAGIC = {
    "pdf": (b"%PDF",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG",),
    "docx": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0",),
}


class TransitionForm(StyledForm):
    """Base of the transition forms: `data_for_workflow()` is what `perform()` receives."""

    def __init__(self, *args: Any, candidate: Candidate, prefix: str | None = None, **kwargs: Any) -> None:
        self.candidate = candidate
        super().__init__(*args, prefix=prefix, **kwargs)

    def data_for_workflow(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class EffectiveDateForm(TransitionForm):
    effective_on = date_field(_("Date"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["effective_on"].initial = timezone.localdate()


class AcceptSympathiserForm(EffectiveDateForm):
    helper = forms.ModelChoiceField(label=_("Helper member"), queryset=PartyMember.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "helper").queryset = cell_members(self.candidate)
        self.fields["effective_on"].label = _("Date put on the list")


class ListWithoutProposalForm(AcceptSympathiserForm):
    listing_reason = forms.CharField(
        label=_("Reason (no Youth Union proposal)"), max_length=255, widget=forms.Textarea(attrs={"rows": 2})
    )


class CertifyForm(TransitionForm):
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=40)
    certificate_issued_on = date_field(_("Certificate issued on"))
    certificate_issuer = forms.ModelChoiceField(label=_("Issued by"), queryset=OrgUnit.objects.none(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only bodies that may issue a certificate: alive today, or the issuer of a class the student
        # attended (a closed centre's certificates are still entered late, dated before its closing).
        today = timezone.localdate()
        attended = OrgUnit.objects.filter(awareness_classes__enrolments__person_id=self.candidate.person_id).values(
            "pk"
        )
        bodies = (
            OrgUnit.objects.filter(kind__in=authority.CLASS_BODY_KINDS)
            .filter(Q(pk__in=authority.class_bodies(today, today).values("pk")) | Q(pk__in=attended))
            .order_by("sort_key")
        )
        model_choice_field(self, "certificate_issuer").queryset = bodies
        issuers = list(bodies[:2])
        if len(issuers) == 1:  # one body may have issued it: preselected
            self.fields["certificate_issuer"].initial = issuers[0].pk


class OpenDossierForm(EffectiveDateForm):
    route = forms.ChoiceField(label=_("Introduction route"), choices=Route.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["route"].initial = self.candidate.route


class VoteForm(TransitionForm):
    cell_meeting_on = date_field(_("Date of the cell's meeting"))
    cell_resolution_number = forms.CharField(label=_("Cell resolution number (6-KNĐ)"), max_length=40, required=False)
    official_members_count = forms.IntegerField(
        label=_("Official members counted"),
        min_value=1,
        max_value=999,
        help_text=_(
            "Leave out members on temporary transfer or exempted who were absent; probationary members do not vote."
        ),
    )
    votes_for = forms.IntegerField(label=_("Votes for admission"), min_value=0, max_value=999)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        votes, members = data.get("votes_for"), data.get("official_members_count")
        if votes is not None and members is not None and votes > members:
            raise ValidationError(_("There cannot be more votes for than official members counted."))
        return data


class CommitteeResolutionForm(TransitionForm):
    committee_resolution_on = date_field(_("Resolution date"))
    committee_resolution_number = forms.CharField(label=_("Resolution number (8-KNĐ)"), max_length=40, required=False)


class DecisionForm(TransitionForm):
    decision_number = forms.CharField(label=_("Decision number (9-KNĐ)"), max_length=40)
    decision_on = date_field(_("Decision date"))
    decision_body = forms.ModelChoiceField(label=_("Deciding body"), queryset=OrgUnit.objects.none(), required=False)
    decision_received_on = date_field(_("Date the cell received the decision"), required=False)
    decision_extended = forms.BooleanField(label=_("Time limit extended"), required=False)  # days: __init__

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the committee deciding for this cell: in force today, or on the day of the cell's vote
        # when the tree changed since (a decision of 06/2025 is the closed district's).
        cell = self.candidate.cell
        days = [timezone.localdate()] + [d for d in (self.candidate.cell_meeting_on,) if d is not None]
        allowed = {body.pk for day in days if (body := authority.deciding_committee_on(cell, day)) is not None}
        model_choice_field(self, "decision_body").queryset = OrgUnit.objects.filter(pk__in=allowed).order_by("sort_key")
        today_body = authority.deciding_committee_on(cell, timezone.localdate())
        self.fields["decision_body"].initial = today_body.pk if today_body is not None else None
        self.fields["decision_body"].help_text = _(
            "Left empty: the committee in force on the decision date. A dissolved committee cannot sign after "
            "its last day."
        )
        meeting = self.candidate.cell_meeting_on or timezone.localdate()
        extension = rules_settings().on(meeting).decision_extension_working_days
        self.fields["decision_extended"].label = _("Time limit extended by %(days)s") % {
            "days": working_days(extension)
        }


class CeremonyForm(TransitionForm):
    ceremony_on = date_field(_("Ceremony date"))
    late_ceremony_consent = forms.CharField(
        label=_("Superior committee's consent to a late ceremony"),
        max_length=200,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rule = deadlines.ceremony_rule(self.candidate)  # e.g. "30 working days after receiving the decision"
        if rule:
            self.fields["late_ceremony_consent"].help_text = _("Only when the ceremony is later than %(rule)s.") % {
                "rule": rule
            }


class RecognitionForm(TransitionForm):
    official_meeting_on = date_field(_("Date of the cell's recognition meeting"))
    official_members_at_review = forms.IntegerField(label=_("Official members counted"), min_value=1, max_value=999)
    official_votes_for = forms.IntegerField(label=_("Votes for recognition"), min_value=0, max_value=999)
    official_decision_number = forms.CharField(label=_("Recognition decision number"), max_length=40, required=False)
    official_decision_on = date_field(_("Recognition decision date"))
    official_decision_body = forms.ModelChoiceField(
        label=_("Deciding body"), queryset=OrgUnit.objects.none(), required=False
    )
    theory_course_completed_on = date_field(_("Political-theory course completed on"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the committee deciding for this cell: in force today, or when probation ended if the
        # tree changed since (the service checks the body against the decision date).
        cell = self.candidate.cell
        days = [timezone.localdate()]
        if self.candidate.ceremony_on is not None:
            days.append(rules.probation_ends_on(self.candidate.ceremony_on, settings=rules_settings()))
        allowed = {body.pk for day in days if (body := authority.deciding_committee_on(cell, day)) is not None}
        field = model_choice_field(self, "official_decision_body")
        field.queryset = OrgUnit.objects.filter(pk__in=allowed).order_by("sort_key")
        today_body = authority.deciding_committee_on(cell, timezone.localdate())
        field.initial = today_body.pk if today_body is not None else None
        field.help_text = _(
            "Left empty: the committee in force on the decision date. A dissolved committee cannot sign after "
            "its last day."
        )


class ReasonForm(EffectiveDateForm):
    exit_reason = forms.CharField(label=_("Reason"), max_length=255, widget=forms.Textarea(attrs={"rows": 2}))


class ReferForm(EffectiveDateForm):
    exit_reason = forms.CharField(
        label=_("Where to and why"), max_length=255, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


TRANSITION_FORMS: dict[str, type[TransitionForm]] = {
    "accept_sympathiser": AcceptSympathiserForm,
    "list_without_proposal": ListWithoutProposalForm,
    "enrol": EffectiveDateForm,
    "certify": CertifyForm,
    "fail_class": EffectiveDateForm,
    "open_dossier": OpenDossierForm,
    "record_vote": VoteForm,
    "record_failed_vote": VoteForm,
    "record_committee_resolution": CommitteeResolutionForm,
    "decide": DecisionForm,
    "hold_ceremony": CeremonyForm,
    "recognise_official": RecognitionForm,
    "strike_off": ReasonForm,
    "not_admit": ReasonForm,
    "withdraw": ReasonForm,
    "withdraw_proposal": ReasonForm,
    "refer": ReferForm,
    "move": ReasonForm,
}


def transition_form(name: str, candidate: Candidate, data: Any = None) -> TransitionForm:
    return TRANSITION_FORMS.get(name, EffectiveDateForm)(data, candidate=candidate, prefix=name)


# --- Other candidate forms -------------------------------------------------------------------


class DossierItemForm(StyledForm):
    seen_at = SeenAtField()  # optimistic locking: refuse the save if the item changed since
    form = forms.ChoiceField(label=_("Form"), choices=DossierForm.choices)
    subject = forms.CharField(label=_("About (relative, for verification)"), max_length=120, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=DossierStatus.choices)
    dated_on = date_field(_("Document date"), required=False)
    received_on = date_field(_("Received on"), required=False)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)
    file = forms.FileField(
        label=_("Scanned copy (PDF, JPG, PNG, DOC, DOCX; at most 5 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.doc,.docx"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("The file is larger than 5 MB."))
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if extension not in DOSSIER_FILE_EXTENSIONS:
            raise ValidationError(_("Only PDF, JPG, PNG, DOC and DOCX files are accepted."))
        head = upload.read(8)
        upload.seek(0)
        if not any(head.startswith(magic) for magic in MAGIC[extension]):
            raise ValidationError(_("The file's content does not match its type."))
        return upload

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        typed = data.get("status") != DossierStatus.MISSING or data.get("dated_on") or data.get("note")
        if data.get("form") == DossierForm.KND20 and typed and not (data.get("subject") or "").strip():
            self.add_error("subject", _("Name the relative this verification is about."))
        return data


class DossierRowForm(DossierItemForm):
    """One row of the whole-dossier form: the form (and relative) is fixed by the row, not chosen."""

    def __init__(self, *args: Any, row: Any, **kwargs: Any) -> None:
        item = row.item
        initial = {"status": DossierStatus.MISSING, "subject": row.subject}
        if item is not None:
            initial.update(
                {"status": item.status, "dated_on": item.dated_on, "received_on": item.received_on, "note": item.note}
            )
        super().__init__(*args, initial=initial, **kwargs)
        self.row = row
        del self.fields["form"]
        self.fields["file"].label = _("Scanned copy")
        self.fields["file"].help_text = _("PDF, JPG, PNG, DOC, DOCX; at most 5 MB")
        if row.code != DossierForm.KND20 or item is not None:
            del self.fields["subject"]  # the relative of a recorded verification is not retyped
        else:
            self.fields["subject"].label = _("Relative (e.g. Father: Ma Văn A)")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        typed = data.get("status") != DossierStatus.MISSING or data.get("dated_on") or data.get("note")
        if "subject" in self.fields and typed and not data.get("subject"):
            self.add_error("subject", _("Name the relative this verification is about."))
        return data


class MemberChoiceForm(StyledForm):
    member = forms.ModelChoiceField(label=_("Party member"), queryset=PartyMember.objects.none())
    on = date_field(_("Date"))

    def __init__(self, *args: Any, candidate: Candidate, label: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "member").queryset = cell_members(candidate)
        if label:
            self.fields["member"].label = label
        self.fields["on"].initial = timezone.localdate()


class HelperForm(MemberChoiceForm):
    reason = forms.CharField(label=_("Reason for the change"), max_length=200, required=False)


class IntroducerReplaceForm(StyledForm):
    ended_on = date_field(_("Date of the replacement"))
    reason = forms.CharField(label=_("Reason for replacement"), max_length=200)
    replacement = forms.ModelChoiceField(label=_("New introducer"), queryset=PartyMember.objects.none(), required=False)

    def __init__(self, *args: Any, candidate: Candidate, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "replacement").queryset = cell_members(candidate)


class TheoryCourseForm(StyledForm):
    completed_on = date_field(_("Political-theory course completed on"))


class CandidateFilterForm(StyledForm):
    cell = forms.ModelChoiceField(label=_("Party cell"), queryset=OrgUnit.objects.none(), required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    school_year = forms.CharField(label=_("School year of nomination"), max_length=9, required=False)
    q = forms.CharField(label=_("Name"), max_length=100, required=False)
    closed = forms.BooleanField(label=_("Include those who left the pipeline"), required=False)

    def __init__(self, *args: Any, cells: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .stages import Stage

        model_choice_field(self, "cell").queryset = cells
        choice_field(self, "stage").choices = [("", _("All stages")), *Stage.choices]


class NominationFilterForm(StyledForm):
    school = forms.ModelChoiceField(label=_("School"), queryset=OrgUnit.objects.none())
    school_year = forms.RegexField(
        label=_("School year"), regex=r"^\d{4}-\d{4}$", max_length=9, help_text=_("e.g. 2025-2026")
    )

    def __init__(self, *args: Any, schools: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "school").queryset = schools

    def clean_school_year(self) -> str:
        value: str = self.cleaned_data["school_year"]
        if int(value[5:]) != int(value[:4]) + 1:
            raise ValidationError(_("A school year is two consecutive years, e.g. 2025-2026."))
        return value


class BulkAcceptForm(StyledForm):
    helper = forms.ModelChoiceField(
        label=_("Helper member for the selected students"), queryset=PartyMember.objects.none()
    )
    effective_on = date_field(_("Date put on the list"))

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "helper").queryset = members
        self.fields["effective_on"].initial = timezone.localdate()


class ListDirectlyForm(BulkAcceptForm):
    """From the student page: the cell lists a student nobody proposed, with a helper and a reason."""

    listing_reason = forms.CharField(
        label=_("Reason (no Youth Union proposal)"), max_length=255, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["helper"].label = _("Helper member")


class ProposalForm(StyledForm):
    """The Youth Union's proposal: one resolution (4-KNĐ) for all the students selected."""

    resolution_number = forms.CharField(
        label=_("Youth Union resolution number (4-KNĐ)"), max_length=40, help_text=_("e.g. 05-NQ/ĐTN")
    )
    resolution_on = date_field(_("Youth Union resolution date"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "proposal")
        super().__init__(*args, **kwargs)


class WithdrawProposalForm(StyledForm):
    candidate = forms.IntegerField(widget=forms.HiddenInput)
    exit_reason = forms.CharField(label=_("Reason for withdrawing"), max_length=255)
