"""Reminders before a deadline and one report when it passes (R1.5 "overdue authorisations are flagged").

Run daily (or more often): each reminder is sent once per deadline, which the ledger entry it writes records.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digigov.core import ledger
from digigov.core.calendar import add_working_days
from digigov.core.choices import Role
from digigov.core.inbox import Text, lazy_text, notify_role
from digigov.core.models import LedgerEntry
from digigov.core.permissions import OPERATOR_ROLES
from digigov.exchange.choices import ApplicationStatus, ErrorReportStatus
from digigov.exchange.models import ErrorReport, ShareApplication
from digigov.exchange.permissions import ERROR_ANSWERERS, PROVIDER_DECIDERS, operator_organisations
from digigov.exchange.services.applications import application_url
from digigov.exchange.services.feedback import report_url

DUE = "exchange.reminder.due_sent"
OVERDUE = "exchange.reminder.overdue_sent"


def _sent(obj, action: str, deadline: dt.date) -> bool:
    return LedgerEntry.objects.filter(
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        summary__contains=f'"deadline": "{deadline.isoformat()}"',
    ).exists()


@transaction.atomic
def _remind(obj, *, organisation, roles, deadline: dt.date, overdue: bool, title: Text, url: str) -> bool:
    action = OVERDUE if overdue else DUE
    if _sent(obj, action, deadline):
        return False
    notify_role(organisation, roles, title=title, url=url)
    if overdue:
        # The operator tracks overdue answers (R1.4 跟踪督促), so it hears of each one as well.
        for operator in operator_organisations()[:1]:
            if operator.pk != organisation.pk:
                notify_role(operator, OPERATOR_ROLES, title=title, url=url)
    ledger.record(action=action, organisation=organisation, obj=obj, after={"deadline": deadline.isoformat()})
    return True


def _which(deadline: dt.date, today: dt.date) -> bool | None:
    """True: overdue; False: the deadline is the next working day (or today); None: nothing to say yet."""
    if today > deadline:
        return True
    if add_working_days(today, 1) >= deadline:
        return False
    return None


def remind_due(*, today: dt.date | None = None) -> int:
    """Notify whoever must act one working day before the deadline, and once when it has passed."""
    today = today or timezone.localdate()
    sent = 0
    open_apps = ShareApplication.objects.filter(
        status__in=[ApplicationStatus.OPERATOR_CHECK, ApplicationStatus.PROVIDER_REVIEW], deadline__isnull=False
    ).select_related("resource__provider")
    for app in open_apps:
        if app.deadline is None:  # left out by the query; this tells the type checker
            continue
        overdue = _which(app.deadline, today)
        if overdue is None:
            continue
        roles: tuple[Role, ...]
        if app.status == ApplicationStatus.OPERATOR_CHECK:
            org, roles = next(iter(operator_organisations()), None), OPERATOR_ROLES
        else:
            org, roles = app.resource.provider, PROVIDER_DECIDERS
        if org is None:
            continue
        template = (
            _("Overdue: share application %(no)s was due on %(date)s")
            if overdue
            else _("Due on %(date)s: share application %(no)s")
        )
        title = lazy_text(template, no=app.number, date=app.deadline)
        sent += _remind(
            app,
            organisation=org,
            roles=roles,
            deadline=app.deadline,
            overdue=overdue,
            title=title,
            url=application_url(app),
        )
    for report in ErrorReport.objects.filter(status=ErrorReportStatus.SUBMITTED).select_related("resource__provider"):
        overdue = _which(report.deadline, today)
        if overdue is None:
            continue
        template = (
            _("Overdue: error report %(no)s was due on %(date)s")
            if overdue
            else _("Due on %(date)s: error report %(no)s")
        )
        sent += _remind(
            report,
            organisation=report.resource.provider,
            roles=ERROR_ANSWERERS,
            deadline=report.deadline,
            overdue=overdue,
            title=lazy_text(template, no=report.number, date=report.deadline),
            url=report_url(report),
        )
    return sent
