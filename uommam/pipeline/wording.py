"""The rules' numbers in the interface's words: "60 working days", "18" (or "17 years 6 months").

Texts that state a time limit or the admission age take the number from the settings (or the regulation set in
force) and word it here, so that a deployment that changes a value never shows the old one beside it.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def working_days(days: int) -> str:
    return ngettext("%(days)s working day", "%(days)s working days", days) % {"days": days}


def age_years(months: int) -> str:
    """The admission age for a text: "18", or "17 years 6 months" when a deployment sets it so."""
    years, rest = divmod(months, 12)
    if not rest:
        return str(years)
    return _("%(years)s years %(months)s months") % {"years": years, "months": rest}
