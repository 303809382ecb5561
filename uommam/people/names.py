"""One validator for personal names, shared by forms, imports and the admin.

A name is made of letters of the Latin script – Vietnamese letters with their tone marks and the
letters ethnic-minority orthographies add (e.g. "Ŋ", "ʼ" in H'Mông and Ê Đê names) – separated by
spaces, hyphens and apostrophes. Digits, markup characters, other symbols and the invisible
direction controls (right-to-left override …) are refused.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

SEPARATORS = frozenset(" -'’ʼ")


def name_problem(value: str) -> str | None:
    """The first character that may not stand in a name, or None when the name is acceptable."""
    for ch in unicodedata.normalize("NFC", value or ""):
        if ch in SEPARATORS:
            continue
        category = unicodedata.category(ch)
        if category == "Mn":  # a combining tone mark left after composition
            continue
        if category.startswith("L") and "LATIN" in unicodedata.name(ch, ""):
            continue
        return ch
    return None


@deconstructible
class PersonalNameValidator:
    message = _("A name holds only letters, spaces, hyphens and apostrophes (not “%(char)s”).")
    code = "name_characters"

    def __call__(self, value: str) -> None:
        bad = name_problem(value)
        if bad is not None:
            shown = bad if bad.isprintable() and not unicodedata.category(bad).startswith("C") else f"U+{ord(bad):04X}"
            raise ValidationError(self.message, code=self.code, params={"char": shown})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PersonalNameValidator)


validate_personal_name = PersonalNameValidator()
