"""The website cluster's ledger actions, with their labels and summaries (core/audit_actions.py, R0.4, R8.7)."""

from django.utils.translation import gettext_lazy as _

from digigov.core.audit_actions import fields, register

register(
    "websites.site.created",
    _("Government site opened"),
    fields(name=_("site name"), site_code=_("site ID code"), hostname=_("host name")),
)
register("websites.item.published", _("Library item published"), fields(title=_("title"), sites=_("sites")))
register("websites.item.withdrawn", _("Library item withdrawn"), fields(title=_("title"), sites=_("sites")))
register("websites.item.placed", _("Library item placed in a column"), fields(column=_("column"), site=_("site")))
register(
    "websites.placement.withdrawn",
    _("Library item taken out of a column"),
    fields(column=_("column"), site=_("site")),
)
register("websites.page.published", _("Site page published"), fields(title=_("title"), url=_("address")))
register("websites.page.withdrawn", _("Site page withdrawn"), fields(title=_("title"), url=_("address")))
register("websites.item.created", _("Library item created"), fields(title=_("title"), kind=_("kind")))
register("websites.item.edited", _("Library item edited"), fields(title=_("title"), kind=_("kind")))
register("websites.sensitiveword.created", _("Sensitive word added"), fields(word=_("word"), severity=_("severity")))
register("websites.sensitiveword.changed", _("Sensitive word changed"), fields(word=_("word"), severity=_("severity")))
register("websites.sensitiveword.deleted", _("Sensitive word removed"), fields(word=_("word"), severity=_("severity")))
register("websites.review.confidentiality_passed", _("Confidentiality review passed"), fields(title=_("title")))
register(
    "websites.review.repost_passed",
    _("Confidentiality review of a repost passed"),
    fields(title=_("title"), site=_("site"), basis=_("review basis")),
)
register(
    "websites.message.received",
    _("Citizen's letter received"),
    fields(number=_("letter number"), kind=_("kind"), title=_("subject")),
)
register("websites.message.replied", _("Citizen's letter answered"), fields(number=_("letter number"), late=_("late")))
register(
    "websites.message.transferred",
    _("Citizen's letter transferred to the 12345 hotline"),
    fields(number=_("letter number"), ticket=_("12345 ticket number")),
)
register("websites.message.viewed", _("Citizen's letter read by staff"), fields(number=_("letter number")))
register(
    "websites.opinion.received",
    _("Opinion on a solicitation received"),
    fields(solicitation=_("solicitation")),
)
register(
    "websites.opinion.viewed",
    _("Opinions on a solicitation read by staff"),
    fields(solicitation=_("solicitation"), opinions=_("opinions")),
)
register("websites.survey.answered", _("Online survey answered"), fields(survey=_("survey")))
register(
    "websites.site_application.submitted",
    _("Site application submitted"),
    fields(kind=_("kind"), name=_("site name")),
)
register(
    "websites.site_application.approved",
    _("Site application approved"),
    fields(name=_("site name"), site_code=_("site ID code"), moved=_("items migrated")),
)
register("websites.site_application.refused", _("Site application refused"), fields(name=_("site name")))
register(
    "websites.site.closing",
    _("Government site closing: content migrated, notice shown"),
    fields(receiving=_("receiving site"), moved=_("items migrated"), until=_("notice until")),
)
register(
    "websites.site.closed",
    _("Government site closed, its site ID code retired"),
    fields(name=_("site name"), site_code=_("site ID code")),
)
register(
    "websites.disclosure.received",
    _("Application for disclosure received"),
    fields(number=_("application number"), due_on=_("reply due")),
)
register(
    "websites.disclosure.viewed", _("Application for disclosure read by staff"), fields(number=_("application number"))
)
register(
    "websites.disclosure.extended",
    _("Application for disclosure extended"),
    fields(number=_("application number"), days=_("working days"), due_on=_("reply due")),
)
register(
    "websites.disclosure.correction_requested",
    _("Correction of an application for disclosure requested"),
    fields(number=_("application number"), correction_due_on=_("correct by")),
)
register(
    "websites.disclosure.abandoned",
    _("Application for disclosure deemed withdrawn: not corrected in time"),
    fields(number=_("application number"), correction_due_on=_("correct by")),
)
register(
    "websites.disclosure.corrected",
    _("Application for disclosure corrected by the applicant"),
    fields(number=_("application number"), due_on=_("reply due")),
)
register(
    "websites.disclosure.replied",
    _("Application for disclosure answered"),
    fields(number=_("application number"), reply_type=_("reply"), late=_("late")),
)
register("websites.roster.planned", _("Duty roster planned"), fields(site=_("site"), month=_("month"), days=_("days")))
register(
    "websites.inspection.opened",
    _("Daily inspection opened"),
    fields(site=_("site"), day=_("day"), on_duty=_("person on duty"), findings=_("automatic findings")),
)
register(
    "websites.inspection.submitted",
    _("Daily inspection submitted"),
    fields(site=_("site"), day=_("day"), problems=_("problems found")),
)
register(
    "websites.annual_report.generated",
    _("Site annual report generated"),
    fields(site=_("site"), year=_("year"), title=_("title")),
)
register(
    "websites.annual_report.published",
    _("Site annual report published"),
    fields(site=_("site"), year=_("year"), late=_("late")),
)
register(
    "websites.disclosure_report.generated",
    _("Annual report on government information disclosure generated"),
    fields(site=_("site"), year=_("year"), title=_("title")),
)
register(
    "websites.disclosure_report.published",
    _("Annual report on government information disclosure published"),
    fields(site=_("site"), year=_("year"), late=_("late")),
)
register(
    "websites.sampling.drawn",
    _("Sampling inspection drawn"),
    fields(platform=_("hosting platform"), quarter=_("quarter"), population=_("running sites"), sites=_("sites drawn"),
           seed=_("random seed"), failed=_("sites failed")),
)  # fmt: skip
register(
    "websites.sampling.rechecked",
    _("Sampled site checked again"),
    fields(site=_("site"), passed=_("passed"), findings=_("findings")),
)
register("websites.sampling.commented", _("Comment on a sampled site"), fields(site=_("site")))
register(
    "websites.sampling.reported",
    _("Sampling inspection report drafted"),
    fields(title=_("title"), conclusion=_("conclusion of the platform operator")),
)
register(
    "websites.sampling.published",
    _("Sampling inspection report published"),
    fields(title=_("title"), late=_("late")),
)
