from digigov.exchange.models.applications import Grant, ShareApplication
from digigov.exchange.models.dataservices import DataService, HostedRow, HostedTable, Mount, ServiceProbe
from digigov.exchange.models.feedback import ErrorReport
from digigov.exchange.models.gateway import GatewayCall, GrantUsage

__all__ = [
    "DataService",
    "ErrorReport",
    "GatewayCall",
    "Grant",
    "GrantUsage",
    "HostedRow",
    "HostedTable",
    "Mount",
    "ServiceProbe",
    "ShareApplication",
]
