"""System checks for a production configuration (`python -m uommam check`, run by migrate as well).

With DEBUG off, a setting missing from /etc/uommam/env would otherwise fall back to a development default
that fails later and far away: SQLite inside the installation, static files collected into the
(root-owned) virtualenv, uploads next to the code. Each check names the variable and where it is described.
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

# Variable → (why it is needed, example). Errors: the application would run on the wrong data or folders.
REQUIRED = {
    "DATABASE_URL": ("without it the data goes to a SQLite file inside the installation", "postgres://…"),
    "ALLOWED_HOSTS": ("without it every request is refused with 400", "uommam.tuyenquang.dcs.vn"),
    "STATIC_ROOT": ("collectstatic would write into the installation", "/srv/uommam/static"),
    "MEDIA_ROOT": ("uploads would be stored inside the installation", "/srv/uommam/media"),
}
RECOMMENDED = {
    "UOMMAM_BASE_URL": ("reminder e-mails would carry no links", "https://uommam.tuyenquang.dcs.vn"),
}


@register(Tags.compatibility)
def production_environment(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.DEBUG:
        return []
    messages: list[CheckMessage] = []
    for index, (name, (why, example)) in enumerate(REQUIRED.items(), start=1):
        if not os.environ.get(name, "").strip():
            messages.append(
                Error(
                    f"{name} is not set while DEBUG is off: {why}.",
                    hint=f'Set it in /etc/uommam/env, e.g. {name}="{example}" (see .env.example).',
                    id=f"uommam.E{index:03d}",
                )
            )
    for index, (name, (why, example)) in enumerate(RECOMMENDED.items(), start=1):
        if not os.environ.get(name, "").strip():
            messages.append(
                Warning(
                    f"{name} is not set: {why}.",
                    hint=f'Set it in /etc/uommam/env, e.g. {name}="{example}" (see .env.example).',
                    id=f"uommam.W{index:03d}",
                )
            )
    return messages


@register()
def regulation_sets(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """A deployment's regulation-set file (UOMMAM_REGULATION_SETS_FILE) must load: a bad set would otherwise
    surface as a crash on the first page that computes a deadline."""
    from uommam.core.rules_config import regulation_sets as load
    from uommam.rules.loader import RegulationSetError

    try:
        load()
    except RegulationSetError as exc:
        return [
            Error(
                f"The regulation sets cannot be used: {exc}",
                hint="Correct UOMMAM_REGULATION_SETS_FILE (see docs/rules.md, 'Regulation sets') or unset it.",
                id="uommam.E020",
            )
        ]
    return []
