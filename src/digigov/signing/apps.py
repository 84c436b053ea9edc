from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigningConfig(AppConfig):
    name = "digigov.signing"
    label = "signing"
    verbose_name = _("Signing and seals")

    def ready(self) -> None:
        from digigov.signing import audit  # noqa: F401  (registers its ledger actions)
