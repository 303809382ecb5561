"""Codes and tokens that make a printed document checkable by anyone (pure functions, no database).

* The **short code** is 10 characters drawn at random from an alphabet without look-alikes (no 0/O,
  1/I/L, U/V): 29¹⁰ ≈ 4·10¹⁴ values, about 48
  bits, so with the per-address throttle it cannot be enumerated. It is printed as `ABCDE-FGHJK`.
* The **token** in the QR link is the short code followed by a truncated HMAC of it (keyed by the
  installation's SECRET_KEY): a link with any character changed fails the signature before the
  database is asked, and a forged link needs the secret.
* The **acknowledgement code** (8 characters, printed apart from the QR) lets the receiver answer
  without an account; only its HMAC is compared, in constant time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from django.utils.crypto import constant_time_compare, salted_hmac

# Digits and capitals without the look-alikes 0/O, 1/I/L and the easily confused U/V.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
CODE_LENGTH = 10
ACK_CODE_LENGTH = 8
SIGNATURE_LENGTH = 16  # base32 characters: 80 bits of HMAC-SHA256
_SALT = "uommam.referrals.tokens.verify"
_ACK_SALT = "uommam.referrals.tokens.ack"


def new_code(length: int = CODE_LENGTH) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def new_ack_code() -> str:
    return new_code(ACK_CODE_LENGTH)


def _signature(code: str) -> str:
    digest = salted_hmac(_SALT, code, algorithm="sha256").digest()
    return base64.b32encode(digest).decode("ascii")[:SIGNATURE_LENGTH]


def token_for(code: str) -> str:
    """The token of the QR link: `<code><signature>` (26 characters, URL-safe)."""
    return f"{code}{_signature(code)}"


def code_from_token(token: str) -> str | None:
    """The short code of a well-signed token, or None (tampered, truncated, forged)."""
    token = (token or "").strip().upper()
    if len(token) != CODE_LENGTH + SIGNATURE_LENGTH:
        return None
    code, signature = token[:CODE_LENGTH], token[CODE_LENGTH:]
    if any(ch not in ALPHABET for ch in code):
        return None
    return code if constant_time_compare(signature, _signature(code)) else None


def normalise_code(typed: str, length: int = CODE_LENGTH) -> str | None:
    """A code typed from paper ("abcde-fghjk", with spaces or dashes) in canonical form, or None."""
    cleaned = "".join(ch for ch in (typed or "").upper() if ch.isalnum())
    if len(cleaned) != length or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def display_code(code: str) -> str:
    """`ABCDEFGHJK` → `ABCDE-FGHJK`, easier to read aloud and to type."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def ack_code_hash(code: str) -> str:
    return hashlib.sha256(salted_hmac(_ACK_SALT, code, algorithm="sha256").digest()).hexdigest()


def ack_code_matches(typed: str, stored_hash: str) -> bool:
    code = normalise_code(typed, ACK_CODE_LENGTH)
    if code is None or not stored_hash:
        return False
    return hmac.compare_digest(ack_code_hash(code), stored_hash)
