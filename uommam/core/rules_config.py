"""The bridge from Django settings to the pure rules package: every caller passes
`rules_settings()` to `uommam.rules` so the [U] values are configured in one place."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from uommam.rules import RegulationSet, RulesSettings
from uommam.rules.loader import RegulationSetError, load_sets


@cache
def regulation_sets() -> tuple[RegulationSet, ...]:
    """The built-in regulation sets with the deployment's file (UOMMAM_REGULATION_SETS_FILE) applied.

    Raises ``RegulationSetError`` (a ``ValueError``) naming the file, set and key; the system check
    ``uommam.E020`` reports it at start-up.
    """
    path = getattr(settings, "UOMMAM_REGULATION_SETS_FILE", "") or ""
    if not path:
        return load_sets()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise RegulationSetError(f"{path}: cannot be read ({exc.strerror})") from exc
    return load_sets(text, source=str(path))


@cache
def rules_settings() -> RulesSettings:
    return RulesSettings.from_mapping(
        {
            "age_policy": settings.UOMMAM_AGE_POLICY,
            "extra_days_off": settings.UOMMAM_EXTRA_DAYS_OFF,
            "extra_working_days": settings.UOMMAM_EXTRA_WORKING_DAYS,
            "regulation_sets": regulation_sets(),
            # How far ahead a typed date may lie (forms, URLs, the integrity checks): one value for all of them.
            "plan_years_ahead": int(getattr(settings, "UOMMAM_EVENT_YEARS_AHEAD", 3)),
            **getattr(settings, "UOMMAM_RULES", {}),
        }
    )


@receiver(setting_changed)
def _forget_cached_settings(setting: str, **kwargs: object) -> None:
    # Tests override these settings; the next call must see the new values.
    if setting.startswith("UOMMAM_"):
        rules_settings.cache_clear()
        regulation_sets.cache_clear()
