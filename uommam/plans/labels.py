"""Interface words for the roadmap's keys (the rules speak in keys; the pages translate them)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from uommam import rules
from uommam.pipeline.wording import age_years

MILESTONES = {
    "helper": _("On the sympathiser list with a helper"),
    "class": _("Awareness class starts"),
    "certificate": _("Certificate"),
    "dossier": _("Dossier started (personal history, verification)"),
    "vote": _("Earliest cell vote"),
    "leaving": _("Leaves school"),
}
# The milestones whose words depend on the student's route, the settings or the regulation set in force on the vote.
INTRODUCERS = {
    1: _("One official member able to introduce (%(months)s months in the unit together)"),
    2: _("Two official members able to introduce (%(months)s months in the unit together)"),
}
AGE = {"month": _("Full %(age)s by month"), "day": _("Full %(age)s (from the birthday)")}
DECISION = _("Decision due (%(days)s working days)")
CEREMONY = _("Ceremony due (%(days)s working days)")


def milestone_label(key: str, roadmap: rules.Roadmap, s: rules.RulesSettings) -> str:
    """The words of one milestone of ``roadmap``, with the numbers of the rules it was planned with."""
    if key == "introducers":
        return INTRODUCERS[roadmap.introducers_needed] % {"months": s.introducer_months_together}
    if key == "age":
        return AGE[s.age_policy] % {"age": age_years(s.admission_age_months)}
    if key == "decision" and roadmap.earliest_vote_on is not None:
        return DECISION % {"days": s.on(roadmap.earliest_vote_on).decision_working_days}
    if key == "ceremony" and roadmap.decision_by is not None:
        return CEREMONY % {"days": s.on(roadmap.decision_by).ceremony_working_days}
    return str(MILESTONES[key])


VERDICTS = {
    "fits": _("Fits before leaving school"),
    "fits_if_started": _("Fits only if started in time"),
    "refer": pgettext_lazy("roadmap verdict", "Cannot fit: prepare the referral"),
}
VERDICT_STYLES = {"fits": "success", "fits_if_started": "warning", "refer": "secondary"}
STEPS = {
    "helper": _("helper"),
    "class": _("awareness class"),
    "dossier": _("dossier"),
}
