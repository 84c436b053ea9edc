from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsitesConfig(AppConfig):
    name = "digigov.websites"
    label = "websites"
    verbose_name = _("Government websites")

    def ready(self) -> None:
        from digigov.websites import audit, receivers, rules, tasks  # noqa: F401  (ledger actions, receivers, rules, jobs)
