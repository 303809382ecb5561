"""Login protection: lockout after repeated failures, password rules, session expiry, TOTP."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from uommam.accounts.middleware import LAST_SEEN_KEY
from uommam.audit.models import AuditEntry
from uommam.testing.world import PASSWORD, World

LOGIN = reverse("login")


def _login(client: Client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(world: World, settings) -> None:
    settings.AXES_FAILURE_LIMIT = 5
    client = Client()
    for _ in range(4):
        response = _login(client, "cell_a", "wrong-password")
        assert response.status_code == 200 and "Sai tên đăng nhập" in response.content.decode()
    response = _login(client, "cell_a", "wrong-password")
    assert response.status_code == 429
    response = _login(client, "cell_a", PASSWORD)
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="login_failed", object_repr="cell_a").count() >= 5


def test_a_success_before_the_limit_resets_the_counter(world: World) -> None:
    client = Client()
    for _ in range(3):
        _login(client, "cell_a", "wrong-password")
    assert _login(client, "cell_a", PASSWORD).status_code == 302
    client.logout()
    for _ in range(3):
        _login(client, "cell_a", "wrong-password")
    assert _login(client, "cell_a", PASSWORD).status_code == 302


def test_another_user_on_the_same_address_is_not_locked(world: World) -> None:
    client = Client()
    for _ in range(6):
        _login(client, "cell_a", "wrong-password")
    assert _login(client, "cell_b", PASSWORD).status_code == 302


@pytest.mark.parametrize("password", ["short1!", "1234567890123", "password123", "qwertyuiop", "cell_a_2026"])
def test_weak_passwords_are_refused(world: World, password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password, user=world.users["cell_a"])


def test_the_password_change_page_applies_the_rules(world: World, client_for: Callable[[str], Client]) -> None:
    client = client_for("cell_a")
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "1234567890123", "new_password2": "1234567890123"},
    )
    assert response.status_code == 200
    world.users["cell_a"].refresh_from_db()
    assert world.users["cell_a"].check_password(PASSWORD)
    strong = "Mây-trắng-bay-2026!"  # not built from the name of the user or unit
    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": strong, "new_password2": strong}
    )
    assert response.status_code == 302


def test_sessions_end_with_the_browser_and_after_eight_hours(settings) -> None:
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_an_idle_session_is_logged_out(world: World, client_for: Callable[[str], Client], settings) -> None:
    settings.SESSION_IDLE_TIMEOUT = 600
    client = client_for("cell_a")
    assert client.get(reverse("people:list")).status_code == 200
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 601
    session.save()
    response = client.get(reverse("people:list"))
    assert response.status_code == 302 and "expired=1" in response["Location"]
    assert client.get(reverse("people:list")).status_code == 302  # really logged out
    assert "không hoạt động" in client.get(response["Location"]).content.decode()


def test_an_idle_htmx_request_is_redirected_by_header(
    world: World, client_for: Callable[[str], Client], settings
) -> None:
    settings.SESSION_IDLE_TIMEOUT = 600
    client = client_for("cell_a")
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 6000
    session.save()
    response = client.get(reverse("people:list"), headers={"HX-Request": "true"})
    assert response.status_code == 204 and "/accounts/login/" in response["HX-Redirect"]


# --- TOTP second factor -------------------------------------------------------------------


def _code(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def _enrol(client: Client) -> TOTPDevice:
    page = client.get(reverse("otp_setup"))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(confirmed=False)
    body = page.content.decode()
    assert "otpauth://totp/" in body and page.context["secret"] in body
    # The QR code carries the same setup address, as an SVG image the CSP allows (data: URI).
    import base64

    qr = page.context["qr"]
    assert qr.startswith("data:image/svg+xml;base64,") and f'src="{qr}"' in body
    assert b"<svg" in base64.b64decode(qr.split(",", 1)[1])
    response = client.post(reverse("otp_setup"), {"token": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_committee_officer_enrols_and_is_then_asked_for_a_code_after_the_password(world: World) -> None:
    client = Client()
    assert _login(client, "province", PASSWORD).status_code == 302
    device = _enrol(client)
    client.logout()

    assert _login(client, "province", PASSWORD).status_code == 302
    response = client.get(reverse("people:list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("otp_verify"))
    response = client.post(reverse("otp_verify"), {"token": "000000", "next": "/students/"})
    assert response.status_code == 200 and "không hợp lệ" in response.content.decode()
    assert client.get(reverse("people:list")).status_code == 302
    response = client.post(reverse("otp_verify"), {"token": _code(device, 1), "next": "/students/"})
    assert response.status_code == 200 and "Nhập sai mã quá nhiều lần" in response.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # instead of waiting out the doubling delay
    response = client.post(reverse("otp_verify"), {"token": _code(device, 1), "next": "/students/"})
    assert response.status_code == 302 and response["Location"] == "/students/"
    assert client.get(reverse("people:list")).status_code == 200


def test_verify_refuses_to_redirect_off_site(world: World) -> None:
    client = Client()
    _login(client, "province", PASSWORD)
    device = _enrol(client)
    client.logout()
    _login(client, "province", PASSWORD)
    response = client.post(reverse("otp_verify"), {"token": _code(device, 1), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_roles_listed_in_the_setting_must_enrol_before_anything_else(world: World, settings) -> None:
    settings.UOMMAM_REQUIRE_TOTP_FOR = ["committee_officer"]
    client = Client()
    _login(client, "province", PASSWORD)
    response = client.get(reverse("people:list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("otp_setup"))
    _enrol(client)
    assert client.get(reverse("people:list")).status_code == 200
    # Others are not concerned.
    other = Client()
    _login(other, "cell_a", PASSWORD)
    assert other.get(reverse("people:list")).status_code == 200


def test_second_factor_is_offered_only_to_committee_officers_and_administrators(
    world: World, client_for: Callable[[str], Client]
) -> None:
    assert client_for("cell_a").get(reverse("otp_setup")).status_code == 403
    assert client_for("admin").get(reverse("otp_setup")).status_code == 200


def test_the_second_factor_can_be_removed_when_not_required(world: World) -> None:
    client = Client()
    _login(client, "province", PASSWORD)
    _enrol(client)
    assert client.post(reverse("otp_disable")).status_code == 302
    assert not TOTPDevice.objects.exists()
    assert AuditEntry.objects.filter(model="accounts.User", action="update").count() == 2


def test_login_without_a_device_is_unchanged(world: World) -> None:
    client = Client()
    _login(client, "province", PASSWORD)
    assert client.get(reverse("people:list")).status_code == 200


def test_behind_nginx_the_lockout_counts_the_forwarded_address(world: World, settings) -> None:
    settings.UOMMAM_PROXY_COUNT = 1
    attacker = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    for _ in range(5):
        _login(attacker, "cell_a", "wrong-password")
    assert _login(attacker, "cell_a", PASSWORD).status_code == 429
    colleague = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert _login(colleague, "cell_a", PASSWORD).status_code == 302
    assert AuditEntry.objects.filter(action="login_failed", note="203.0.113.7").exists()


def test_without_a_proxy_a_forged_forwarded_header_is_ignored(world: World) -> None:
    attacker = Client(REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="198.51.100.20")
    for _ in range(5):
        _login(attacker, "cell_a", "wrong-password")
    assert AuditEntry.objects.filter(action="login_failed", note="192.0.2.1").count() == 5


def test_from_the_third_failure_the_login_page_says_how_many_tries_remain(world: World, settings) -> None:
    settings.AXES_FAILURE_LIMIT = 8
    settings.AXES_COOLOFF_TIME = 0.5
    client = Client()
    pages = [_login(client, "cell_a", "wrong-password").content.decode() for _ in range(7)]
    assert all("Sai tên đăng nhập" in page for page in pages)
    assert "lần thử" not in pages[0] and "lần thử" not in pages[1]
    assert "Còn 5 lần thử" in pages[2] and "khóa 30 phút" in pages[2]
    assert "Còn 1 lần thử" in pages[6]
    assert _login(client, "cell_a", "wrong-password").status_code == 429
