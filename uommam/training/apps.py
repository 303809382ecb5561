from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "uommam.training"
    label = "training"
    verbose_name = _("Awareness classes")

    def ready(self) -> None:
        from . import scopes  # noqa: F401  (registers how political-centre staff see classes and students)
