from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormsConfig(AppConfig):
    name = "digigov.forms"
    label = "forms"
    verbose_name = _("Forms")

    def ready(self) -> None:
        from digigov.forms import audit, rules  # noqa: F401  (ledger actions, rule parameters)
