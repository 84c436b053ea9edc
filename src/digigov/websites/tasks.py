"""Background work of the website cluster: rebuilding a site's static files after a change to its frame; the daily
closing of sites whose migration notice has run its period (R8.5); the morning inspection and annual report to-dos,
the quarter's sampling inspection (R8.6); closing applications for disclosure not corrected in time, forgetting old
lookups' addresses, the disclosure report's to-dos (R8.8)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task
from wagtail.models import Site

from digigov.core import periodic
from digigov.core.background import Outcome, background_task
from digigov.websites import disclosure, disclosure_report, operations, sampling, site_lifecycle, static_publish


@task()
def close_due_sites() -> int:
    return site_lifecycle.close_due_sites()


periodic.register(
    name="websites.close_due_sites",
    label=gettext_lazy("Close sites whose migration notice has run its period"),
    schedule=periodic.daily("01:30"),
    task=close_due_sites,
)


@task()
def open_inspections() -> int:
    return operations.open_inspections()


periodic.register(
    name="websites.open_inspections",
    label=gettext_lazy("Open the day's inspection (读网) of every site for its person on duty"),
    schedule=periodic.daily("07:00"),
    task=open_inspections,
)


@task()
def annual_report_reminders() -> int:
    return operations.annual_report_reminders()


periodic.register(
    name="websites.annual_report_reminders",
    label=gettext_lazy("Remind sites' units to publish last year's annual report"),
    schedule=periodic.daily("07:10"),
    task=annual_report_reminders,
)


@task()
def disclosure_report_reminders() -> int:
    return disclosure_report.disclosure_report_reminders()


periodic.register(
    name="websites.disclosure_report_reminders",
    label=gettext_lazy("Remind units to publish last year's report on government information disclosure"),
    schedule=periodic.daily("07:15"),
    task=disclosure_report_reminders,
)


@task()
def draw_sampling_rounds() -> int:
    return sampling.draw_due()


periodic.register(
    name="websites.draw_sampling_rounds",
    label=gettext_lazy("Draw the quarter's sampling inspection of each platform's sites"),
    schedule=periodic.daily("07:20"),  # a no-op but on the quarter's first working day (or the first run after it)
    task=draw_sampling_rounds,
)


@task()
def close_abandoned_disclosures() -> int:
    return disclosure.close_abandoned()


periodic.register(
    name="websites.close_abandoned_disclosures",
    label=gettext_lazy("Close applications for disclosure not corrected in time as deemed withdrawn"),
    schedule=periodic.daily("01:00"),  # the first morning after the deadline day
    task=close_abandoned_disclosures,
)


@task()
def forget_disclosure_lookups() -> int:
    return disclosure.lookups_forget()


periodic.register(
    name="websites.forget_disclosure_lookups",
    label=gettext_lazy("Forget the addresses of progress lookups of applications for disclosure"),
    schedule=periodic.daily("01:05"),
    task=forget_disclosure_lookups,
)


@background_task
def site_static_rebuild(job, progress, *, site_id: int) -> Outcome:
    site = Site.objects.get(pk=site_id)
    written = static_publish.rebuild_site(site, progress=lambda done, total: progress(done, total))
    return Outcome(message=_("%(count)d pages of %(site)s written as static files.") % {"count": written, "site": site})
