"""Tests that prove a generated file opens in LibreOffice need it installed.

Where it is missing, such a test is skipped with a printed reason, except when
UOMMAM_REQUIRE_LIBREOFFICE=1 (CI installs LibreOffice and sets it): then the test fails.
"""

from __future__ import annotations

import os
import shutil

import pytest


def require_libreoffice() -> str:
    """The LibreOffice command, or skip (fail under UOMMAM_REQUIRE_LIBREOFFICE=1)."""
    command = shutil.which("soffice") or shutil.which("libreoffice")
    if command:
        return command
    reason = "LibreOffice (soffice) is not installed: generated files not opened"
    if os.environ.get("UOMMAM_REQUIRE_LIBREOFFICE") == "1":
        pytest.fail(f"{reason} (UOMMAM_REQUIRE_LIBREOFFICE=1)", pytrace=False)
    print(reason)
    pytest.skip(reason)
