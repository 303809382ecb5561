"""`{% verification_panel referral is_sender %}` on the referral page; `{% verification_qr url %}` on
printable pages (an inline SVG QR code, no file and no network)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from uommam.documents.qr import qr_svg
from uommam.referrals import tokens
from uommam.referrals.package_forms import RevokeForm
from uommam.referrals.verification import class_list_token, print_context
from uommam.referrals.verification_models import OnlineAcknowledgement, TokenKind

register = template.Library()


@register.inclusion_tag("referrals/_verification.html")
def verification_panel(referral: Any, is_sender: bool) -> dict[str, Any]:
    code = referral.verification_tokens.filter(kind=TokenKind.LETTER).order_by("revoked_at", "-created_at").first()
    return {
        "r": referral,
        "is_sender": is_sender,
        "letter_code": code,
        "letter_code_display": tokens.display_code(code.code) if code else "",
        "online_answer": OnlineAcknowledgement.objects.filter(referral=referral).first(),
        "revoke_form": RevokeForm(),
    }


@register.simple_tag
def verification_qr(url: str, size_mm: int = 30) -> SafeString:
    # qr_svg builds the markup itself from a URL we made: nothing from the user goes in unescaped.
    return mark_safe(qr_svg(url, size_mm=size_mm))  # noqa: S308


@register.inclusion_tag("referrals/_print_verification.html", takes_context=True)
def certificate_list_verification(context: dict[str, Any], awareness_class: Any) -> dict[str, Any]:
    """The QR block of a class's certificate list. Its code is made the first time the list is
    printed (audited); later prints show the same code until the issuer revokes it."""
    token = class_list_token(awareness_class, context["request"].user)
    return print_context(token)
