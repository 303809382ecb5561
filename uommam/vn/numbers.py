"""Numbers written the Vietnamese way: "." groups thousands, "," separates decimals (1.496; 3,2%).

Rounding is half away from zero on the decimal value people see (2,25 → 2,3), not Python's
round-half-even on binary floats, so printed figures match a hand calculation.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

__all__ = ["format_decimal", "format_int", "format_percent"]


def _group(digits: str) -> str:
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ".".join(groups)


def format_decimal(x: float | int | Decimal, decimals: int = 0) -> str:
    """``x`` rounded to ``decimals`` places: ``format_decimal(1234.56, 1) == "1.234,6"``."""
    if decimals < 0:
        raise ValueError("decimals must be >= 0")
    value = x if isinstance(x, Decimal) else Decimal(repr(x)) if isinstance(x, float) else Decimal(x)
    if not value.is_finite():
        raise ValueError(f"cannot format {x!r}")
    quantised = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if quantised < 0 else ""
    integer, _, fraction = f"{abs(quantised):f}".partition(".")
    return sign + _group(integer) + ("," + fraction if fraction else "")


def format_int(n: int) -> str:
    """``format_int(1496) == "1.496"``; ``format_int(-1000000) == "-1.000.000"``."""
    return format_decimal(n, 0)


def format_percent(ratio: float, decimals: int = 1) -> str:
    """A ratio as a percentage: ``format_percent(12 / 371) == "3,2%"`` (no space before %)."""
    value = Decimal(repr(ratio)) * 100 if isinstance(ratio, float) else Decimal(ratio) * 100
    return format_decimal(value, decimals) + "%"
