from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "digigov.catalog"
    label = "catalog"
    verbose_name = _("Resource catalogue")

    def ready(self) -> None:
        from digigov.catalog import audit, rules  # noqa: F401  (register ledger actions and rule parameters)
