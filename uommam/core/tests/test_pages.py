"""What every page shares: language, formats, security headers, deploy checks."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation

from uommam.testing.world import World

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_pages_are_vietnamese_by_default_and_switch_to_english(
    world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("cell_a")
    assert "Học sinh / Quần chúng" in client.get(reverse("people:list")).content.decode()
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("people:list")}, follow=True)
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "Students" in body and "Học sinh / Quần chúng" not in body


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_the_login_page(client: Client) -> None:
    response = client.get(reverse("people:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_every_page_carries_a_content_security_policy_without_inline_scripts(
    world: World, client_for: Callable[[str], Client]
) -> None:
    response = client_for("cell_a").get(reverse("people:list"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert response["X-Frame-Options"] == "DENY"
    assert "<script>" not in response.content.decode()


def test_dates_render_day_first_and_numbers_the_vietnamese_way() -> None:
    template = Template("{{ d|vndate }} {{ t|vndatetime }} {{ n|vnint }} {{ r|vnpercent }}")
    moment = datetime(2025, 9, 4, 17, 30, tzinfo=ZoneInfo("UTC"))
    with translation.override("vi"):
        text = template.render(Context({"d": date(2025, 9, 5), "t": moment, "n": 1496, "r": 12 / 371}))
    assert text == "05/09/2025 05/09/2025 00:30 1.496 3,2%"


def test_production_settings_pass_the_deploy_check() -> None:
    # Without the browser harness's async override, which the deploy check rightly refuses.
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "false",
        "SECRET_KEY": "x" * 64 + "-production-like-secret-for-the-check-only",
        "ALLOWED_HOSTS": "uommam.example.vn",
        "DATABASE_URL": "sqlite:////tmp/uommam-deploy-check.sqlite3",
        "STATIC_ROOT": "/tmp/uommam-deploy-check-static",
        "MEDIA_ROOT": "/tmp/uommam-deploy-check-media",
        "UOMMAM_BASE_URL": "https://uommam.example.vn",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = {**os.environ, "DEBUG": "false", "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_the_account_menu_offers_each_role_what_it_may_open(world: World, client_for: Callable[[str], Client]) -> None:
    officer = client_for("province").get(reverse("core:home")).content.decode()
    secretary = client_for("cell_a").get(reverse("core:home")).content.decode()
    for link in (reverse("password_change"), reverse("otp_setup"), reverse("audit:list")):
        assert f'href="{link}"' in officer
    assert f'href="{reverse("password_change")}"' in secretary
    assert f'href="{reverse("audit:list")}"' not in secretary and f'href="{reverse("otp_setup")}"' not in secretary
