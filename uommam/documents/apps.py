from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "uommam.documents"
    label = "documents"
    verbose_name = _("Official documents")

    def ready(self) -> None:
        from uommam.people.erasure import register_copy_eraser

        from .erasure import erase_in_documents

        register_copy_eraser("documents", erase_in_documents)
