"""Vietnamese telephone numbers as schools type them, checked against the national numbering plan.

Since the 2018 renumbering (Thông tư 22/2014/TT-BTTTT and its 2018 amendment of the numbering plan), a
mobile number is ``0`` + 9 digits starting with 3, 5, 7, 8 or 9 (10 digits), and a fixed line is ``0`` +
a three-digit area code starting with 2 + 7 digits (11 digits). A spreadsheet that stored the number as a
*number* dropped the leading zero: ``912345678`` is ``0912345678``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["PhoneCheck", "check_phone"]

_SEPARATORS = re.compile(r"[\s.\-()·/]+")
_MOBILE_PREFIX = "35789"


@dataclass
class PhoneCheck:
    """``value`` is the number as digits (``0912345678``), or the text as written when it is not one.

    ``problems`` holds stable codes: ``phone_zero_restored`` (the leading 0 was put back),
    ``phone_length`` (not 10 digits for a mobile or 11 for a fixed line), ``phone_not_number``.
    """

    value: str
    problems: list[str] = field(default_factory=list)


def _digits(raw: object) -> tuple[str, bool]:
    """The digits of a cell and whether it was stored as a number."""
    if isinstance(raw, bool):
        return str(raw), False
    if isinstance(raw, int):
        return str(raw), True
    if isinstance(raw, float):
        return (str(int(raw)), True) if raw.is_integer() else (str(raw), False)
    text = str(raw).strip()
    return _SEPARATORS.sub("", text), False


def check_phone(raw: object) -> PhoneCheck:
    """Normalise one telephone number; an empty cell gives ``PhoneCheck("")``."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return PhoneCheck("")
    digits, was_number = _digits(raw)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if not digits.isdigit():
        return PhoneCheck(str(raw).strip(), ["phone_not_number"])
    problems: list[str] = []
    if not digits.startswith("0") and (was_number or len(digits) in (9, 10)):
        # 912345678 (mobile) or 2073822123 (fixed line) lost the trunk prefix 0.
        digits = "0" + digits
        problems.append("phone_zero_restored")
    mobile = len(digits) == 10 and digits[1] in _MOBILE_PREFIX
    fixed = len(digits) == 11 and digits[1] == "2"
    if not (mobile or fixed):
        problems.append("phone_length")
    return PhoneCheck(digits, problems)
