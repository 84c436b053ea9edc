"""The efficiency monitor's daily check (电子监察, R4.6, ADR 0003 §6): every running case's clock against its
promised day; a case turning yellow (due within `eservices.warning_working_days`) or red (overdue) is told to its
lead department's leaders once per colour and due day, with a to-do to follow it up. Idempotent: the ledger entry
each warning writes is what says it was sent, as exchange's reminders do."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from digigov.core import ledger
from digigov.core.choices import Role
from digigov.core.inbox import inbox_register, lazy_text, role_holders
from digigov.core.models import LedgerEntry
from digigov.eservices.case_selectors import Clock, clock, warning_line
from digigov.eservices.choices import CaseStatus
from digigov.eservices.models import Case, ProgressLookup
from digigov.eservices.services.cases import staff_url

ACTION = "eservices.case.clock_warned"
LEADERS = (Role.LEADER,)


def _sent(case: Case, colour: str) -> bool:
    return LedgerEntry.objects.filter(
        action=ACTION,
        object_type=case._meta.label_lower,
        object_id=str(case.pk),
        summary__contains=f'"colour": "{colour}", "due_on": "{case.due_on}"',
    ).exists()


@transaction.atomic
def _warn(case: Case, colour: str, today: dt.date) -> bool:
    if _sent(case, colour):
        return False
    template = (
        gettext_lazy("Overdue case %(no)s: %(item)s, due %(due)s")
        if colour == Clock.RED
        else gettext_lazy("Case %(no)s due soon: %(item)s, due %(due)s")
    )
    title = lazy_text(template, no=case.number, item=case.item.name, due=str(case.due_on))
    if role_holders(case.organisation, LEADERS):
        inbox_register(
            source="eservices",
            kind=f"eservices.clock_{colour}",
            title=title,
            url=staff_url(case),
            assignee_org=case.organisation,
            assignee_role=Role.LEADER,
            deadline=today,
            obj=case,
        )
    ledger.record(
        action=ACTION,
        organisation=case.organisation_id,
        obj=case,
        after={"number": case.number, "colour": colour, "due_on": str(case.due_on)},
    )
    return True


def efficiency_check(*, today: dt.date | None = None) -> dict[str, int]:
    """Warn of every running case that is yellow or red today; returns how many warnings of each were new."""
    line = warning_line(today)
    sent = {Clock.YELLOW: 0, Clock.RED: 0}
    running = (
        Case.objects.filter(status=CaseStatus.IN_PROGRESS, due_on__lt=line[1])
        .select_related("item", "organisation")
        .order_by("due_on", "pk")
    )
    for case in running.iterator(chunk_size=500):
        colour = clock(case, line=line)
        if colour in sent and _warn(case, colour, line[0]):
            sent[colour] += 1
    return sent


def lookups_forget(*, now: dt.datetime | None = None) -> int:
    """The daily job beside the monitor: public progress queries older than the hour the per-address limit looks at
    are of no use, and an address is personal data."""
    now = now or timezone.now()
    deleted, _kinds = ProgressLookup.objects.filter(at__lt=now - dt.timedelta(hours=1)).delete()
    return deleted
