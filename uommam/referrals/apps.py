from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "uommam.referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from uommam.people.erasure import register_erasure_hook

        from . import scopes  # noqa: F401  (registers who sees referrals, and referred students)
        from .erasure import erase_referral_copies

        register_erasure_hook(erase_referral_copies)
