from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "digigov.workflow"
    label = "workflow"
    verbose_name = _("Workflow")

    def ready(self) -> None:
        from digigov.workflow import audit, rules, tasks  # noqa: F401  (ledger actions, rule parameters, timer job)
