"""An application's history (办理过程) for people: the audit ledger's entries as labels, names and sentences.

The words come from the action registry (`core.audit_actions`, filled by exchange/audit.py), like every other
history; here the application's resource and items are handed over so no entry looks them up again (R0.4, R1.5).
"""

from digigov.catalog import api as catalog
from digigov.core import audit_actions
from digigov.exchange import selectors
from digigov.exchange.models import ShareApplication


def application_timeline(application: ShareApplication) -> list[audit_actions.Description]:
    """Descriptions (at, person, label, sentence, entry), oldest first."""
    resource = application.resource
    names = {item.identifier: item.name for item in catalog.resource_items(resource)}
    context = {
        "resources": {resource.pk: (f"{resource.code} {resource.name}", names)},
        "resource_of": {("exchange.shareapplication", str(application.pk)): resource.pk},
    }
    return audit_actions.describe_many(selectors.application_timeline(application), context)


def service_history(service) -> list[audit_actions.Description]:
    """The data service page's history, oldest first (R1.3 挂接, R1.8 monitoring)."""
    return audit_actions.describe_many(selectors.service_history(service))
