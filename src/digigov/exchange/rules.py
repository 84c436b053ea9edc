"""Every rule parameter of the exchange (S1: R1.4, R1.5, R1.7), registered at start-up by ExchangeConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from digigov.core.rules import MEGABYTES, register
from digigov.core.rules import WORKING_DAYS as WD

register(
    "exchange.conditional_reply_days",
    10,
    label=_("Provider answers a conditional-share request within"),
    source="R1.5",
    unit=WD,
    minimum=1,
)
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
register(
    "exchange.probe_timeout_seconds",
    3,
    label=_("A data service that does not answer a probe within this time counts as failed"),
    source="R1.5",
    unit=_("seconds"),
    minimum=1,
    maximum=60,
)
register(
    "exchange.upload_max_mb",
    20,
    label=_("Largest table file a provider may upload"),
    source="R1.4",
    unit=MEGABYTES,
    minimum=1,
)
register(
    "exchange.attachment_max_mb",
    10,
    label=_("Largest attachment of an error report"),
    source="R1.7",
    unit=MEGABYTES,
    minimum=1,
)
register(
    "exchange.interruption_followup_days",
    1,
    label=_("Platform operator follows up an interrupted data service within"),
    source="R1.5",
    unit=WD,
    minimum=0,
)
register(
    "exchange.escalation_reply_days",
    3,
    label=_("Provider's leader answers an escalated (督办) application within"),
    source="R1.5",
    unit=WD,
    minimum=1,
)
