"""The rule parameters named in bold in REQUIREMENTS.md, with their defaults and source ids.

Later apps may register more in their own `rules` module; the back office lists them all.
"""

from django.utils.translation import gettext_lazy as _

from digigov.core.rules import register

WD = _("working days")
PCT = _("percent")

# S0 foundation
register(
    "core.due_soon_working_days",
    2,
    label=_("A to-do is 'due soon' this many working days before its deadline"),
    source="R0.3",
    unit=WD,
)
register(
    "identity.lockout_attempts",
    5,
    label=_("Failed sign-ins before an account is locked"),
    source="R0.2",
    unit=_("attempts"),
    minimum=1,
)
register("identity.lockout_minutes", 30, label=_("Lockout duration"), source="R0.2", unit=_("minutes"), minimum=1)
register(
    "identity.idle_timeout_minutes",
    30,
    label=_("Signed-in session ends after this much inactivity"),
    source="R0.2",
    unit=_("minutes"),
    minimum=1,
)
register(
    "core.ledger_retention_months",
    6,
    label=_("Minimum audit ledger retention"),
    source="R0.4",
    unit=_("months"),
    minimum=6,
)
# S1 data sharing
register(
    "exchange.conditional_reply_days",
    10,
    label=_("Provider answers a conditional-share request within"),
    source="R1.5",
    unit=WD,
    minimum=1,
)
register(
    "catalog.update_after_change_days",
    15,
    label=_("Catalogue updated after a change in law or duties within"),
    source="R1.5",
    unit=WD,
    minimum=1,
)
register(
    "catalog.mount_rate_target",
    90,
    label=_("Target mount rate of the catalogue"),
    source="R1.3",
    unit=PCT,
    maximum=100,
)
# S4 online services
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
# S6 licences (scale reference for capacity planning)
register(
    "licenses.scale_reference_issued",
    180_000_000,
    label=_("Licence library scale reference (Hubei)"),
    source="R6.1",
    unit=_("licences"),
)
register(
    "licenses.scale_reference_sealed",
    56_700_000,
    label=_("Sealed licences scale reference (Hubei)"),
    source="R6.1",
    unit=_("licences"),
)
# S8 website cluster
register(
    "websites.error_report_reply_days",
    2,
    label=_("Netizen error reports answered within"),
    source="R8.6",
    unit=WD,
    minimum=1,
)
register(
    "websites.quarterly_sampling_rate",
    30,
    label=_("Share of sites sampled each quarter, at least"),
    source="R8.6",
    unit=PCT,
    maximum=100,
)
register(
    "websites.annual_report_due_month",
    1,
    label=_("Annual report published by: month"),
    source="R8.6",
    unit=_("month"),
    minimum=1,
    maximum=12,
)
register(
    "websites.annual_report_due_day",
    31,
    label=_("Annual report published by: day"),
    source="R8.6",
    unit=_("day"),
    minimum=1,
    maximum=31,
)
