from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "uommam.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        # Production-configuration checks (missing DATABASE_URL, STATIC_ROOT, …) live next to the settings.
        import config.checks  # noqa: F401

        from . import pagecache

        # Any change of a project row moves the page cache's write token (uommam/core/pagecache.py).
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(pagecache.rows_changed, dispatch_uid=f"uommam-pagecache-{id(signal)}")
