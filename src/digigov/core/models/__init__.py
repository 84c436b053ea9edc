from digigov.core.models.background import BackgroundJob, PeriodicRun
from digigov.core.models.calendar import CalendarDay, CalendarYear
from digigov.core.models.divisions import Division
from digigov.core.models.inbox import InboxItem, Notification
from digigov.core.models.ledger import LedgerEntry, LedgerHead
from digigov.core.models.numbering import NumberCounter
from digigov.core.models.organisations import Organisation
from digigov.core.models.people import Membership
from digigov.core.models.rules import RuleValue

__all__ = [
    "BackgroundJob",
    "CalendarDay",
    "CalendarYear",
    "Division",
    "InboxItem",
    "LedgerEntry",
    "LedgerHead",
    "Membership",
    "Notification",
    "NumberCounter",
    "Organisation",
    "PeriodicRun",
    "RuleValue",
]
