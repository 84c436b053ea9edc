"""Every rule parameter of the exchange (S1: R1.4, R1.5, R1.7), registered at start-up by ExchangeConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from digigov.core.http_fetch import validate_allowlist
from digigov.core.rules import MEGABYTES, register
from digigov.core.rules import WORKING_DAYS as WD

# Read by every call to a provider's upstream API (services.upstream, gateway).
UPSTREAM_ALLOWED_HOSTS = "exchange.upstream_allowed_hosts"
UPSTREAM_MAX_RESPONSE_MB = "exchange.upstream_max_response_mb"

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
register(
    UPSTREAM_ALLOWED_HOSTS,
    "",
    label=_(
        "Internal API hosts the platform may call although they resolve to internal addresses "
        "(host names, IP addresses or networks such as 10.20.0.0/16, separated by commas)"
    ),
    source="R0.5",
    minimum=None,
    check=validate_allowlist,
)
register(
    UPSTREAM_MAX_RESPONSE_MB,
    5,
    label=_("Largest answer the platform reads from a data service; a larger one is cut off as an error"),
    source="R1.4",
    unit=_("MB"),
    minimum=1,
    maximum=100,
)
register(
    "exchange.call_log_default_days",
    7,
    label=_("The call log opens on the calls of the last"),
    source="R1.8",
    unit=_("days"),
    minimum=1,
)
register(
    "exchange.call_log_export_inline_rows",
    2000,
    label=_("A call-log export of more rows than this is prepared in the background"),
    source="R1.8",
    unit=_("rows"),
    minimum=0,
)
register(
    "exchange.call_log_export_max_rows",
    50000,
    label=_("Most rows of one call-log export (narrow the filters for more)"),
    source="R1.8",
    unit=_("rows"),
    minimum=1,
    maximum=1000000,
)
