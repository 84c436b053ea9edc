from digigov.exchange.models.applications import Grant, ShareApplication
from digigov.exchange.models.feedback import ErrorReport
from digigov.exchange.models.gateway import GatewayCall, GrantUsage
from digigov.exchange.models.services import DataService, HostedRow, HostedTable, Mount, ServiceProbe

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
