"""Online services' periodic jobs: the efficiency monitor's daily check of every running case's clock (R4.6), and
forgetting the addresses of public progress queries once the hourly limit no longer needs them."""

from django.utils.translation import gettext_lazy
from django_tasks import task

from digigov.core import periodic
from digigov.eservices.services.monitor import efficiency_check, lookups_forget


@task()
def check_case_clocks() -> dict[str, int]:
    return efficiency_check()


@task()
def forget_progress_lookups() -> int:
    return lookups_forget()


periodic.register(
    name="eservices.forget_progress_lookups",
    label=gettext_lazy("Forget the addresses of public progress queries of cases"),
    schedule=periodic.daily("01:10"),
    task=forget_progress_lookups,
)
periodic.register(
    name="eservices.efficiency_check",
    label=gettext_lazy("Warn leaders of cases due soon or overdue"),
    schedule=periodic.daily("07:45"),
    task=check_case_clocks,
)
