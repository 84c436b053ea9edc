from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "digigov.core"
    label = "core"
    verbose_name = _("Platform foundation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from digigov.core import audit, rule_catalogue  # noqa: F401 - register ledger actions and rules
