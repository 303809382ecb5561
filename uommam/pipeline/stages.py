"""The stages of a candidacy (domain.md §6, glossary §10). Only `workflow.py` moves between them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Stage(models.TextChoices):
    IDENTIFIED = "identified", _("Identified (outstanding student)")
    SYMPATHISER = "sympathiser", _("Sympathiser (on the cell's list)")
    IN_CLASS = "in_class", _("In the awareness class")
    CERTIFIED = "certified", _("Certified (class completed)")
    DOSSIER = "dossier", _("Preparing the dossier")
    VOTED = "voted", _("Voted by the cell")
    COMMITTEE_RESOLVED = "committee_resolved", _("Committee resolution")
    DECIDED = "decided", _("Admission decided")
    PROBATIONARY = "probationary", _("Probationary member")
    OFFICIAL = "official", _("Official member")
    WITHDRAWN = "withdrawn", pgettext_lazy("stage", "Withdrawn")
    NOT_ADMITTED = "not_admitted", _("Not admitted")
    STRUCK_OFF = "struck_off", _("Struck off")
    REFERRED = "referred", _("Referred to another organisation")
    MOVED = "moved", pgettext_lazy("stage", "Moved away")


# The main line, in order: reports and the funnel rely on this order.
MAIN_LINE = (
    Stage.IDENTIFIED,
    Stage.SYMPATHISER,
    Stage.IN_CLASS,
    Stage.CERTIFIED,
    Stage.DOSSIER,
    Stage.VOTED,
    Stage.COMMITTEE_RESOLVED,
    Stage.DECIDED,
    Stage.PROBATIONARY,
    Stage.OFFICIAL,
)
EXIT_STAGES = (Stage.OFFICIAL, Stage.WITHDRAWN, Stage.NOT_ADMITTED, Stage.STRUCK_OFF, Stage.REFERRED, Stage.MOVED)
# Stages before the cell's vote: introducers may still be chosen, the roadmap plans the vote.
BEFORE_VOTE = MAIN_LINE[: MAIN_LINE.index(Stage.DOSSIER) + 1]
# Stages in which the candidate holds an awareness-class certificate.
CERTIFIED_STAGES = MAIN_LINE[MAIN_LINE.index(Stage.CERTIFIED) :]
