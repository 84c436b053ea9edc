"""Rule parameters of the workflow kernel (R0.3), registered at start-up by WorkflowConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from digigov.core.rules import register

register(
    "workflow.task_working_days",
    3,
    label=_("Working days a user task of a process has when its version gives none"),
    source="R0.3",
    unit=_("working days"),
    minimum=0,
    maximum=60,
)
register(
    "workflow.bpmn_max_kb",
    1024,
    label=_("Largest BPMN file a process version may have"),
    source="R0.5",
    unit="KB",
    minimum=16,
    maximum=10240,
)
