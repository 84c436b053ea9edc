"""The workflow kernel's periodic job: fire the timers whose working days have passed (R0.3)."""

from django.utils.translation import gettext_lazy
from django_tasks import task

from digigov.core import periodic
from digigov.workflow import services


@task()
def fire_timers() -> int:
    return services.timers_fire()


periodic.register(
    name="workflow.fire_timers",
    label=gettext_lazy("Fire the process timers that are due"),
    schedule=periodic.every(minutes=5),
    task=fire_timers,
)
