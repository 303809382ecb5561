from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "uommam.imports"
    label = "imports"
    verbose_name = _("Spreadsheet import")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from uommam.people.erasure import register_copy_eraser

        from .erasure import erase_in_imports

        register_copy_eraser("imports", erase_in_imports)
