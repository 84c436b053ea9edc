"""Every rule parameter of online services (S4: R4.1–R4.6), registered at start-up by EservicesConfig.ready().
The keys and defaults of R4.1–R4.4 were core's until this app existed (the database keeps overrides by key)."""

from django.utils.translation import gettext_lazy as _

from digigov.core.rules import PERCENT as PCT
from digigov.core.rules import WORKING_DAYS as WD
from digigov.core.rules import register, system_ids_check

register(
    "eservices.online_rate_target_province",
    90,
    label=_("Online-availability target, provincial items"),
    source="R4.1",
    unit=PCT,
    maximum=100,
)
register(
    "eservices.online_rate_target_local",
    70,
    label=_("Online-availability target, city and county items"),
    source="R4.1",
    unit=PCT,
    maximum=100,
)
register(
    "eservices.one_visit_items_min",
    200,
    label=_("High-frequency items handled with at most one visit"),
    source="R4.1",
    unit=_("items"),
)
register(
    "eservices.material_reduction_target",
    70,
    label=_("Target reduction of application materials"),
    source="R4.3",
    unit=PCT,
    maximum=100,
)
register(
    "eservices.time_limit_reduction_target",
    40,
    label=_("Target compression of time limits"),
    source="R4.3",
    unit=PCT,
    maximum=100,
)
register(
    "eservices.business_startup_days",
    3,
    label=_("Enterprise start-up completed within"),
    source="R4.4",
    unit=WD,
    minimum=1,
)
register(
    "eservices.online_depth_min",
    3,
    label=_("Lowest online depth counted as available online (III = apply online)"),
    source="R4.1",
    unit=_("depth level"),
    minimum=1,
    maximum=4,
)
register(
    "eservices.item_review_days",
    5,
    label=_("A submitted service item is reviewed within"),
    source="R4.1",
    unit=WD,
    minimum=1,
)
register(
    "eservices.warning_working_days",
    2,
    label=_("A running case turns yellow this many working days before it is due"),
    source="R4.6",
    unit=WD,
    minimum=0,
)
register(
    "eservices.upload_max_mb",
    10,
    label=_("Largest file an applicant may upload for a material"),
    source="R4.2",
    unit="MB",
    minimum=1,
    maximum=100,
)
register(
    "eservices.draft_keep_days",
    30,
    label=_("An unsubmitted draft application is kept for"),
    source="R4.2",
    unit=_("days"),
    minimum=1,
)
register(
    "eservices.progress_hourly_limit",
    30,
    label=_("Progress queries one address may make per hour"),
    source="R4.2",
    unit=_("queries"),
    minimum=1,
)
register(
    "eservices.exchange_system",
    0,
    label=_(
        "Application system one-form filling reads shared data as (its number in the address of its page under "
        "Application systems; 0: none, nothing is read from shared data)"
    ),
    source="R4.3",
    unit=_("system number"),
)
register(
    "eservices.rating_rectify_days",
    5,
    label=_("A bad rating is replied to and the applicant called back (整改、回访) within"),
    source="R4.5",
    unit=WD,
    minimum=1,
)
register(
    "eservices.rating_appeal_days",
    5,
    label=_("A department may appeal a bad rating (申诉) within, from the rating"),
    source="R4.5",
    unit=WD,
    minimum=1,
)
register(
    "eservices.rating_appeal_decide_days",
    5,
    label=_("The platform operator decides an appeal against a rating within"),
    source="R4.5",
    unit=WD,
    minimum=1,
)
register(
    "eservices.payment_due_days",
    15,
    label=_("A payment order (缴款通知书) is to be paid within"),
    source="R4.7",
    unit=WD,
    minimum=1,
)
register(
    "eservices.payment_notice_max_age",
    10,
    label=_("A payment provider's notice older than this is refused as a replay"),
    source="R4.7",
    unit=_("minutes"),
    minimum=1,
    maximum=1440,
)


register(
    "eservices.case_systems",
    "",
    label=_(
        "Department systems that may handle their own department's cases through the API (their numbers in the "
        "address of their pages under Application systems, separated by commas; empty: none)"
    ),
    source="R4.2",
    unit=_("system numbers"),
    check=system_ids_check,
)
register(
    "eservices.consent_max_days",
    90,
    label=_("An applicant's consent to assisted handling is valid for at most"),
    source="R4.2",
    unit=_("days"),
    minimum=1,
    maximum=366,
)


def _check_time(value: str) -> None:
    """A time of day as HH:MM (09:00)."""
    import datetime as dt

    from django.core.exceptions import ValidationError

    try:
        dt.time.fromisoformat(value)
    except ValueError:
        raise ValidationError(_("Enter a time as HH:MM, for example 09:00."), code="invalid") from None
    if len(value) != 5:
        raise ValidationError(_("Enter a time as HH:MM, for example 09:00."), code="invalid")


register(
    "eservices.consultation_answer_days",
    3,
    label=_("A question asked online about a service item is answered within"),
    source="R4.7",
    unit=WD,
    minimum=1,
)
register(
    "eservices.consultation_min_chars",
    5,
    label=_("Shortest question accepted online"),
    source="R4.7",
    unit=_("characters"),
    minimum=1,
)
register(
    "eservices.consultation_max_chars",
    500,
    label=_("Longest question accepted online"),
    source="R4.7",
    unit=_("characters"),
    minimum=10,
    maximum=4000,
)
register(
    "eservices.consultation_hourly_limit",
    5,
    label=_("Questions one person, or one address, may ask per hour"),
    source="R4.7",
    unit=_("questions"),
    minimum=1,
)
register(
    "eservices.appointment_window_days",
    10,
    label=_("Counter visits can be booked for the next"),
    source="R4.7",
    unit=WD,
    minimum=1,
    maximum=60,
)
register(
    "eservices.appointment_first_slot",
    "09:00",
    label=_("First bookable slot of a working day (HH:MM)"),
    source="R4.7",
    check=_check_time,
)
register(
    "eservices.appointment_last_slot",
    "16:30",
    label=_("Last bookable slot of a working day (HH:MM)"),
    source="R4.7",
    check=_check_time,
)
register(
    "eservices.appointment_break_start",
    "12:00",
    label=_("Lunch break without bookable slots begins (HH:MM)"),
    source="R4.7",
    check=_check_time,
)
register(
    "eservices.appointment_break_end",
    "13:30",
    label=_("Lunch break without bookable slots ends (HH:MM)"),
    source="R4.7",
    check=_check_time,
)
register(
    "eservices.appointment_slot_minutes",
    30,
    label=_("Length of a bookable slot"),
    source="R4.7",
    unit=_("minutes"),
    minimum=10,
    maximum=120,
)
register(
    "eservices.appointment_slot_capacity",
    3,
    label=_("People one department receives per slot"),
    source="R4.7",
    unit=_("people"),
    minimum=1,
    maximum=100,
)
