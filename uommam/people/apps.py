from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "uommam.people"
    label = "people"
    verbose_name = _("Students")

    def ready(self) -> None:
        from . import erasure, privacy, scopes  # noqa: F401  (who sees and erases; masks in the journal)
