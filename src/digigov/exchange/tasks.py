"""Background work of the exchange: probing data services, deadline reminders (R1.5), sealing the gateway log
(R1.8). Idempotent."""

from django_tasks import task

from digigov.exchange import call_seal
from digigov.exchange.services import probe_due, remind_due


@task()
def probe_due_services() -> int:
    return probe_due()


@task()
def remind_applications() -> int:
    return remind_due()


@task()
def seal_gateway_log() -> int:
    return len(call_seal.seal_due())
