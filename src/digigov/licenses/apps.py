from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LicensesConfig(AppConfig):
    name = "digigov.licenses"
    label = "licenses"
    verbose_name = _("Electronic licences")

    def ready(self) -> None:
        from digigov.licenses import (  # noqa: F401  (ledger actions, rule parameters, jobs, 用证核验 screens)
            audit,
            rules,
            tasks,
            wallet_hooks,
        )
