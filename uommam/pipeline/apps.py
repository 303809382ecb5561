from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PipelineConfig(AppConfig):
    name = "uommam.pipeline"
    label = "pipeline"
    verbose_name = _("Member development")

    def ready(self) -> None:
        from . import scopes  # noqa: F401
