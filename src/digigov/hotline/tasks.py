"""The hotline's periodic job (issue 13 item 4): every morning the departments hear of their tickets' parts that are
due soon or overdue, each notice once (services/supervision.py `deadline_notices`)."""

from django.utils.translation import gettext_lazy
from django_tasks import task

from digigov.core import periodic
from digigov.hotline.services.supervision import deadline_notices


@task()
def ticket_deadline_notices() -> dict[str, int]:
    return deadline_notices()


periodic.register(
    name="hotline.deadline_notices",
    label=gettext_lazy("Tell departments of hotline tickets due soon or overdue"),
    schedule=periodic.daily("08:00"),
    task=ticket_deadline_notices,
)
