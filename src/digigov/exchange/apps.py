from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "digigov.exchange"
    label = "exchange"
    verbose_name = _("Data sharing and exchange")

    def ready(self) -> None:
        from digigov.exchange import (
            audit,  # noqa: F401  (registers the exchange's ledger actions)
            receivers,  # noqa: F401  (listens to the catalogue: sharing stopped)
            rules,  # noqa: F401  (registers the exchange's rule parameters)
            tasks,  # noqa: F401  (registers the exchange's periodic jobs)
        )
