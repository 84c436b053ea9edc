"""Online services' periodic job: the efficiency monitor's daily check of every running case's clock (R4.6)."""

from django.utils.translation import gettext_lazy
from django_tasks import task

from digigov.core import periodic
from digigov.eservices.services.monitor import efficiency_check


@task()
def check_case_clocks() -> dict[str, int]:
    return efficiency_check()


periodic.register(
    name="eservices.efficiency_check",
    label=gettext_lazy("Warn leaders of cases due soon or overdue"),
    schedule=periodic.daily("07:45"),
    task=check_case_clocks,
)
