"""Background work of the knowledge base: the daily review alarms (GB/T 44191 知识更新)."""

from django.utils.translation import gettext_lazy
from django_tasks import task

from digigov.core import periodic
from digigov.knowledge import services


@task()
def review_alarms() -> int:
    return services.review_alarms()


periodic.register(
    name="knowledge.review_alarms",
    label=gettext_lazy("Remind departments of knowledge articles due for review"),
    schedule=periodic.daily("06:40"),
    task=review_alarms,
)
