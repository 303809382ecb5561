"""The optional TOTP second factor (django-otp) for committee officers and administrators.

A user with a confirmed TOTP device is asked for a six-digit code after the password; the roles in
`UOMMAM_REQUIRE_TOTP_FOR` must enrol one before they can use anything else. What a session still
owes is decided once, at login (`pending_step`), and kept in the session, so ordinary requests cost
no query; `SessionGuardMiddleware` enforces it.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from uommam.audit.services import audit_record

if TYPE_CHECKING:
    from .models import User

SESSION_KEY = "uommam_otp_step"
VERIFY = "verify"
ENROL = "enrol"


def _roles(user: User) -> set[str]:
    from uommam.orgs.scope import assignments

    roles = {a.role for a in assignments(user)}
    if getattr(user, "is_superuser", False):
        roles.add("admin")
    return roles


def may_enrol(user: User) -> bool:
    return bool(_roles(user) & set(settings.UOMMAM_TOTP_ROLES))


def must_enrol(user: User) -> bool:
    return bool(_roles(user) & set(settings.UOMMAM_REQUIRE_TOTP_FOR))


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_step(user: User) -> str | None:
    """What the user must still do after the password: VERIFY a code, ENROL a device, or nothing."""
    if confirmed_device(user) is not None:
        return VERIFY
    if must_enrol(user):
        return ENROL
    return None


def base32_secret(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it when typed in by hand."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def pending_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


@transaction.atomic
def totp_start(*, user: User) -> TOTPDevice:
    """The user's unconfirmed device (a new secret), created on first visit of the enrolment page."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Ươm Mầm", confirmed=False)
    return device


@transaction.atomic
def totp_confirm(*, request: Any, device: TOTPDevice, token: str) -> bool:
    """Confirm the device with a first code; the session counts as verified from then on."""
    if not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    request.session.pop(SESSION_KEY, None)
    audit_record(actor=request.user, action="update", obj=request.user, changes={"second factor": [None, "TOTP"]})
    return True


def totp_verify(*, request: Any, token: str) -> str:
    """ "ok", "wrong" or "throttled" (django-otp doubles the wait after each wrong code)."""
    device = confirmed_device(request.user)
    if device is None:
        return "wrong"
    if not device.verify_is_allowed()[0]:
        return "throttled"
    if not device.verify_token(token):
        return "wrong"
    otp_login(request, device)
    request.session.pop(SESSION_KEY, None)
    return "ok"


@transaction.atomic
def totp_remove(*, request: Any) -> None:
    deleted, _ = TOTPDevice.objects.filter(user=request.user).delete()
    if deleted:
        audit_record(actor=request.user, action="update", obj=request.user, changes={"second factor": ["TOTP", None]})


def qr_code_data_uri(uri: str) -> str:
    """The setup address as a QR code (SVG in a data: URI, allowed by the Content-Security-Policy), so an
    officer scans it with the phone instead of typing a 32-letter key."""
    import base64
    import io

    import qrcode
    import qrcode.image.svg

    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
