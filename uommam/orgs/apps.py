from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "uommam.orgs"
    label = "orgs"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from . import access, scope  # noqa: F401  (register how each role sees and acts on the tree)
