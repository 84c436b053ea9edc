from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "digigov.exchange"
    label = "exchange"
    verbose_name = _("Data sharing and exchange")

    def ready(self) -> None:
        from digigov.core import private_files
        from digigov.exchange import (
            audit,  # noqa: F401  (registers the exchange's ledger actions)
            receivers,  # noqa: F401  (listens to the catalogue: sharing stopped)
            rules,  # noqa: F401  (registers the exchange's rule parameters)
            selectors,
            tasks,  # noqa: F401  (registers the exchange's periodic jobs)
        )

        # An error report's evidence: its parties may download it, and each download is recorded (R0.4).
        private_files.register(
            "exchange/error-reports/",
            find=lambda actor, name: selectors.error_report_with_attachment(actor=actor, name=name),
            action="exchange.error_report.attachment_read",
        )
