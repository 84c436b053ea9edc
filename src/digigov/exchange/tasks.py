"""Background work of the exchange: probing data services and deadline reminders (R1.5). Idempotent."""

from django_tasks import task

from digigov.exchange.services import probe_due, remind_due


@task()
def probe_due_services() -> int:
    return probe_due()


@task()
def remind_applications() -> int:
    return remind_due()
