from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "uommam.imports"
    label = "imports"
    verbose_name = _("Spreadsheet import")
    default_auto_field = "django.db.models.BigAutoField"
