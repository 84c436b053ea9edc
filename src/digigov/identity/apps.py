from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "digigov.identity"
    label = "identity"
    verbose_name = _("Unified identity")

    def ready(self) -> None:
        from digigov.identity import (
            audit,  # noqa: F401  (registers its ledger actions)
            receivers,  # noqa: F401 - connects the sign-in receiver
            rules,  # noqa: F401  (registers the identity rule parameters)
        )
