"""Rule parameters of the 12345 hotline (S5: R5.1; 国办发〔2020〕53号), registered by HotlineConfig.ready().

Time limits count working days on the official calendar (core.calendar) from the day the ticket is registered;
an urgent ticket is due the same working day (0).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from digigov.core.rules import PERCENT, WORKING_DAYS, register

register(
    "hotline.urgent_days", 0, label=_("Time limit of an urgent ticket (0: the same working day)"), source="R5.1",
    unit=WORKING_DAYS, maximum=5,
)  # fmt: skip
register("hotline.consultation_days", 1, label=_("Time limit of a consultation"), source="R5.1", unit=WORKING_DAYS)
register("hotline.help_days", 3, label=_("Time limit of a request for help"), source="R5.1", unit=WORKING_DAYS)
register("hotline.complaint_days", 13, label=_("Time limit of a complaint"), source="R5.1", unit=WORKING_DAYS)
register("hotline.report_days", 13, label=_("Time limit of a report"), source="R5.1", unit=WORKING_DAYS)
register(
    "hotline.suggestion_days", 13, label=_("Time limit of a suggestion or praise"), source="R5.1", unit=WORKING_DAYS
)
register(
    "hotline.hand_back_hours", 2, label=_("Working hours a department has to hand a ticket back"), source="R5.1",
    unit=_("working hours"), minimum=1, maximum=40,
)  # fmt: skip
register(
    "hotline.office_opens_hour", 9, label=_("Hour the working day starts (for working hours)"), source="R5.1",
    unit=_("o'clock"), minimum=0, maximum=23,
)  # fmt: skip
register(
    "hotline.office_closes_hour", 17, label=_("Hour the working day ends (for working hours)"), source="R5.1",
    unit=_("o'clock"), minimum=1, maximum=24,
)  # fmt: skip
register(
    "hotline.reopen_limit", 1, label=_("Times an unsatisfied ticket may be reopened"), source="R5.1",
    unit=_("times"), maximum=5,
)  # fmt: skip
register(
    "hotline.duplicate_days", 7, label=_("Days within which the same caller's same request counts as a duplicate"),
    source="R5.1", unit=_("days"), minimum=1, maximum=90,
)  # fmt: skip
# Duplicates and merging (acceptance 6; hotline/duplicates.py)
register(
    "hotline.duplicate_similarity", 60,
    label=_("How alike two requests at the same place must be to be suggested as duplicates"),
    source="R5.1", unit=PERCENT, minimum=20, maximum=100,
)  # fmt: skip
register(
    "hotline.duplicate_candidates", 300,
    label=_("Most recent tickets at the same place compared with a new request for duplicates"),
    source="R5.1", unit=_("tickets"), minimum=10, maximum=2000,
)  # fmt: skip

# Time limits supervised (issue 13 item 4): warnings before the due date, extensions the centre approves.
register(
    "hotline.warn_working_days", 1,
    label=_("Working days before its due date a department is warned of a ticket (and the list marks it due soon)"),
    source="R5.1", unit=WORKING_DAYS, maximum=10,
)  # fmt: skip
register(
    "hotline.extension_max_days", 10, label=_("Most working days one extension of a ticket may add"), source="R5.1",
    unit=WORKING_DAYS, minimum=1, maximum=60,
)  # fmt: skip
register(
    "hotline.extension_limit", 1, label=_("Extensions the centre may approve for one ticket"), source="R5.1",
    unit=_("times"), maximum=5,
)  # fmt: skip


def _organisation_ids(value: str) -> None:
    """Numbers separated by commas (spaces allowed), or nothing."""
    parts = [p.strip() for p in str(value).replace("，", ",").split(",") if p.strip()]
    if any(not p.isdigit() or len(p) > 12 for p in parts):
        raise ValidationError(_("Give the organisations' numbers separated by commas, for example 3,7."))


register(
    "hotline.centre_organisations",
    "",
    label=_(
        "Organisations that run a 12345 hotline centre (their numbers under Organisations, separated by commas): "
        "their staff take calls, dispatch, review replies and make return visits"
    ),
    source="R5.1",
    unit=_("organisation numbers"),
    check=_organisation_ids,
)


register(
    "hotline.api_systems",
    "",
    label=_(
        "Systems that may use the hotline API with their key (their numbers under Application systems, separated "
        "by commas; empty: none): a centre's system registers tickets from its channel, a department's system "
        "accepts and replies to its tickets"
    ),
    source="R5.1",
    unit=_("system numbers"),
    check=_organisation_ids,
)


# The public channels (R5.1): the web and phone page, its follow-up look-up, and what the page tells callers.
register(
    "hotline.web_hourly_limit", 5, label=_("Requests one network address may submit on the web page in an hour"),
    source="R5.1", unit=_("requests"), minimum=1, maximum=100,
)  # fmt: skip
register(
    "hotline.web_lookup_hourly_limit", 20,
    label=_("Look-ups of a ticket's progress one network address may make in an hour"), source="R5.1",
    unit=_("look-ups"), minimum=1, maximum=500,
)  # fmt: skip
register(
    "hotline.phone_number", "12345", label=_("The hotline's telephone number shown on the public page"),
    source="R5.1", unit=_("telephone number"),
)  # fmt: skip
register(
    "hotline.service_hours", "每天24小时", label=_("The hotline's service hours shown on the public page"),
    source="R5.1",
)  # fmt: skip
