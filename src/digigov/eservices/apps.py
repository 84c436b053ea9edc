from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EservicesConfig(AppConfig):
    name = "digigov.eservices"
    label = "eservices"
    verbose_name = _("Online government services")

    def ready(self) -> None:
        from digigov.eservices import audit, rules  # noqa: F401  (register ledger actions and rule parameters)
