"""Interface words for the roadmap's keys (the rules speak in keys; the pages translate them)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MILESTONES = {
    "helper": _("On the sympathiser list with a helper"),
    "class": _("Awareness class starts"),
    "certificate": _("Certificate"),
    "dossier": _("Dossier started (personal history, verification)"),
    "age": _("Full 18 by month"),
    "introducers": _("Two introducers with 12 months together"),
    "vote": _("Earliest cell vote"),
    "decision": _("Decision due (60 working days)"),
    "ceremony": _("Ceremony due (30 working days)"),
    "leaving": _("Leaves school"),
}
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
