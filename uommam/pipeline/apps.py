from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PipelineConfig(AppConfig):
    name = "uommam.pipeline"
    label = "pipeline"
    verbose_name = _("Member development")

    def ready(self) -> None:
        from uommam.people.erasure import register_copy_eraser

        from . import scopes  # noqa: F401
        from .erasure import erase_candidacy_notes

        register_copy_eraser("candidacy notes", erase_candidacy_notes)
