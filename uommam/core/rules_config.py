"""The bridge from Django settings to the pure rules package: every caller passes
`rules_settings()` to `uommam.rules` so the [U] values are configured in one place."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from uommam.rules import RulesSettings


@cache
def rules_settings() -> RulesSettings:
    return RulesSettings.from_mapping(
        {
            "age_policy": settings.UOMMAM_AGE_POLICY,
            "extra_days_off": settings.UOMMAM_EXTRA_DAYS_OFF,
            "extra_working_days": settings.UOMMAM_EXTRA_WORKING_DAYS,
            **getattr(settings, "UOMMAM_RULES", {}),
        }
    )


@receiver(setting_changed)
def _forget_cached_settings(setting: str, **kwargs: object) -> None:
    # Tests override these settings; the next call must see the new values.
    if setting.startswith("UOMMAM_"):
        rules_settings.cache_clear()
