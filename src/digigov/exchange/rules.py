"""The exchange's own rule parameters (the bold ones of S1 are registered in core.rule_catalogue)."""

from django.utils.translation import gettext_lazy as _

from digigov.core.rules import register

WD = _("working days")

register(
    "exchange.operator_check_days",
    2,
    label=_("Platform operator checks a conditional-share application within"),
    source="R1.4",
    unit=WD,
    minimum=1,
)
register(
    "exchange.error_reply_days",
    5,
    label=_("Provider answers an error report within"),
    source="R1.7",
    unit=WD,
    minimum=1,
)
register(
    "exchange.probe_interval_minutes",
    5,
    label=_("Data services are probed every"),
    source="R1.5",
    unit=_("minutes"),
    minimum=1,
)
register(
    "exchange.probe_failures_to_interrupt",
    3,
    label=_("Failed probes in a row before a data service is flagged as interrupted"),
    source="R1.5",
    unit=_("probes"),
    minimum=1,
)
