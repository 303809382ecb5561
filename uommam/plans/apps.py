from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "uommam.plans"
    label = "plans"
    verbose_name = _("Plans and roadmaps")

    def ready(self) -> None:
        from . import scopes  # noqa: F401  (registers who sees which plans)
