from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "uommam.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Production-configuration checks (missing DATABASE_URL, STATIC_ROOT, …) live next to the settings.
        import config.checks  # noqa: F401
