from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "digigov.catalog"
    label = "catalog"
    verbose_name = _("Resource catalogue")

    def ready(self) -> None:
        from digigov.catalog import rules  # noqa: F401  (registers the catalogue's rule parameters)
