from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HotlineConfig(AppConfig):
    name = "digigov.hotline"
    label = "hotline"
    verbose_name = _("12345 hotline")

    def ready(self) -> None:
        from digigov.hotline import audit, rules, tasks  # noqa: F401  (ledger actions, rule parameters, jobs)
