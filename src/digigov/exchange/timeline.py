"""An application's history for people: the audit ledger's entries with labels instead of codes (R0.4, R1.5)."""

import json

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from digigov.catalog import api as catalog
from digigov.exchange import selectors
from digigov.exchange.lifecycle import Action
from digigov.exchange.models import ShareApplication

ACTION_LABELS = {
    "exchange.application.submitted": _("Application submitted"),
    "exchange.grant.created": _("Grant created"),
    "exchange.grant.revoked": _("Grant revoked"),
    "exchange.reminder.due_sent": _("Reminder before the deadline"),
    "exchange.reminder.overdue_sent": _("Overdue reported"),
    **{f"exchange.application.{a.value}": a.label for a in Action},
}

# What the exchange services write into a ledger entry's "after", in the order people read it. Anything else an
# entry carries (ids, status: the label says it) stays in the ledger and out of the timeline.
DETAIL_LABELS = {
    "resource": _("resource"),
    "items": _("information items"),
    "valid": _("validity"),
    "raw_values": _("raw sensitive values"),
    "deadline": _("deadline"),
    "reason": _("reason"),
    "urged": _("times urged"),
    "note": _("note"),
    "comment": _("comment"),
}


def application_timeline(application: ShareApplication) -> list[dict]:
    """Rows of (at, actor, label, details, entry), oldest first."""
    item_names = {item.identifier: item.name for item in catalog.resource_items(application.resource)}
    rows = []
    for entry in selectors.application_timeline(application):
        try:
            after = (json.loads(entry.summary or "{}") or {}).get("after") or {}
        except ValueError:
            after = {}
        details = [
            f"{DETAIL_LABELS[key]}：{_value(key, after[key], item_names)}"
            for key in DETAIL_LABELS
            if after.get(key) not in (None, "", [])
        ]
        rows.append(
            {
                "at": entry.at,
                "actor": entry.actor_name,
                "label": ACTION_LABELS.get(entry.action, entry.action),
                "details": "；".join(details),
                "entry": entry,
            }
        )
    return rows


def _value(key: str, value, item_names: dict) -> str:
    if key == "items":
        return "、".join(item_names.get(identifier, identifier) for identifier in value)
    if key == "valid" and isinstance(value, list) and len(value) == 2:
        return gettext("%(start)s to %(end)s") % {"start": value[0], "end": value[1]}
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    return str(value)
