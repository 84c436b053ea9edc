"""Writes of the exchange (R1.4–R1.7), one module per subject; every function checks permission, changes state
and writes the audit ledger in one transaction."""

from digigov.exchange.services.applications import (
    application_escalate,
    application_forward,
    application_grant,
    application_refuse,
    application_return,
    application_submit,
    application_urge,
    application_withdraw,
    grant_revoke,
    grants_suspend,
)
from digigov.exchange.services.call_log import CallFilters, call_log_export, call_query, call_rows
from digigov.exchange.services.dataservices import (
    service_mount,
    service_register_table,
    service_register_upstream,
    service_unmount,
    table_export,
    table_reload,
    table_upload_check,
)
from digigov.exchange.services.feedback import error_report_answer, error_report_submit
from digigov.exchange.services.probing import probe_due, probe_service
from digigov.exchange.services.reminders import remind_due

__all__ = [
    "CallFilters",
    "application_escalate",
    "application_forward",
    "application_grant",
    "application_refuse",
    "application_return",
    "application_submit",
    "application_urge",
    "application_withdraw",
    "call_log_export",
    "call_query",
    "call_rows",
    "error_report_answer",
    "error_report_submit",
    "grant_revoke",
    "grants_suspend",
    "probe_due",
    "probe_service",
    "remind_due",
    "service_mount",
    "service_register_table",
    "service_register_upstream",
    "service_unmount",
    "table_export",
    "table_reload",
    "table_upload_check",
]
