from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "digigov.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge base")

    def ready(self) -> None:
        from digigov.knowledge import audit, rules, tasks  # noqa: F401  (ledger actions, rule parameters, jobs)
