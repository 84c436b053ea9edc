from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "digigov.opendata"
    label = "opendata"
    verbose_name = _("Open data")

    def ready(self) -> None:
        from digigov.opendata import rules  # noqa: F401  (rule parameters)
