"""The exchange's ledger actions, with their labels and summaries (core/audit_actions.py, R0.4, R1.4–R1.8).

Entries keep resource codes and item identifiers; summaries read them back as names through `catalog.api`,
once per resource for all the entries a page shows (the shared `change.context`).
"""

from django.apps import apps
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from digigov.catalog import api as catalog
from digigov.core.audit_actions import Change, fields, register, sentence, text
from digigov.exchange.choices import ErrorReportStatus, ServiceKind
from digigov.exchange.lifecycle import Action

# Models whose ledger entries point at one catalogue resource, by the entry's object_type.
WITH_RESOURCE = ("exchange.shareapplication", "exchange.grant", "exchange.mount", "exchange.errorreport")


def _resource(change: Change) -> tuple[str, dict]:
    """("R-001 人口基础信息", {identifier: item name}) of the entry's resource, or ("", {})."""
    entry = change.entry
    if entry.object_type not in WITH_RESOURCE or not str(entry.object_id).isdigit():
        return "", {}
    by_object = change.context.setdefault("resource_of", {})
    key = (entry.object_type, entry.object_id)
    if key not in by_object:
        model = apps.get_model(entry.object_type)
        by_object[key] = model.objects.filter(pk=entry.object_id).values_list("resource_id", flat=True).first()
    resource_id = by_object[key]
    if resource_id is None:
        return "", {}
    resources = change.context.setdefault("resources", {})
    if resource_id not in resources:
        resource = catalog.resource_get(resource_id)
        names = {i.identifier: i.name for i in catalog.resource_items(resource)}
        resources[resource_id] = (f"{resource.code} {resource.name}", names)
    return resources[resource_id]


def _items(change: Change, identifiers) -> str:
    names = _resource(change)[1]
    return "、".join(names.get(i, i) for i in identifiers or [])


def _submitted(change: Change) -> str:
    return "；".join(
        [
            f"{gettext('resource')}：{_resource(change)[0] or change.after.get('resource', '')}",
            f"{gettext('information items')}：{_items(change, change.after.get('items'))}",
        ]
    )


def _grant_created(change: Change) -> str:
    valid = change.after.get("valid") or ["", ""]
    span = gettext("%(start)s to %(end)s") % {"start": valid[0], "end": valid[-1]}
    return "；".join(
        [
            f"{gettext('information items')}：{_items(change, change.after.get('items'))}",
            f"{gettext('validity')}：{span}",
            f"{gettext('raw sensitive values')}：{text(bool(change.after.get('raw_values')))}",
        ]
    )


def _suspended(change: Change) -> str:
    because = change.after.get("because")
    return str(catalog.SharingStop(because).label) if because in catalog.SharingStop.values else text(because)


def _registered(change: Change) -> str:
    kind = change.after.get("kind")
    parts = [f"{change.after.get('name', '')}（{ServiceKind(kind).label if kind in ServiceKind.values else ''}）"]
    if change.after.get("endpoint"):
        parts.append(change.after["endpoint"])
    if change.after.get("file"):
        parts.append(gettext("%(file)s, %(rows)s rows") % {"file": change.after["file"], "rows": change.after["rows"]})
    return "；".join(parts)


def _mounted(change: Change) -> str:
    resource, names = _resource(change)
    pairs = "、".join(f"{names.get(k, k)} ← {v}" for k, v in (change.after.get("field_map") or {}).items())
    return gettext("%(resource)s; fields: %(pairs)s") % {
        "resource": resource or change.after.get("resource"),
        "pairs": pairs,
    }


def _unmounted(change: Change) -> str:
    return _resource(change)[0]


def _report_submitted(change: Change) -> str:
    return gettext("%(resource)s; item: %(item)s; answer due %(deadline)s") % {
        "resource": _resource(change)[0] or change.after.get("resource", ""),
        "item": _items(change, [change.after.get("item")]),
        "deadline": text(change.after.get("deadline")),
    }


def _report_answered(change: Change) -> str:
    status = change.after.get("status")
    label = str(ErrorReportStatus(status).label) if status in ErrorReportStatus.values else text(status)
    if change.after.get("corrected_value"):
        return gettext("%(outcome)s; corrected value: %(value)s") % {
            "outcome": label,
            "value": change.after["corrected_value"],
        }
    return label


def _row_corrected(change: Change) -> str:
    columns = [k for k in change.after if k != "error_report"]
    return gettext("Column %(columns)s corrected for error report %(no)s") % {
        "columns": "、".join(columns),
        "no": change.after.get("error_report", ""),
    }


def _report_downloaded(change: Change) -> str:
    return gettext("Annual report %(year)s (%(format)s)") % {
        "year": change.entry.object_id,
        "format": str(change.after.get("format", "")).upper(),
    }


def _sealed(change: Change) -> str:
    return gettext("%(day)s: %(calls)s calls, SM3 %(sm3)s…") % {
        "day": change.after.get("day", change.entry.object_id),
        "calls": change.after.get("calls", 0),
        "sm3": str(change.after.get("sm3", ""))[:16],
    }


register("exchange.application.submitted", _("Application submitted"), _submitted)
# One step of the lifecycle table each (exchange/lifecycle.py); the label is the action's own. Submitting is
# recorded once as "submitted" whichever way it goes.
STEP_SUMMARIES = {Action.FORWARD: fields(deadline=_("deadline")), Action.URGE: fields(urged=_("times urged"))}
for _action in Action:
    if _action not in (Action.SUBMIT_CONDITIONAL, Action.SUBMIT_UNCONDITIONAL):
        register(f"exchange.application.{_action}", _action.label, STEP_SUMMARIES.get(_action))
register("exchange.grant.created", _("Grant created"), _grant_created)
register("exchange.grant.revoked", _("Grant revoked"))
register("exchange.grant.suspended", _("Grant suspended"), _suspended)
register("exchange.reminder.due_sent", _("Reminder before the deadline"), fields(deadline=_("deadline")))
register("exchange.reminder.overdue_sent", _("Overdue reported"), fields(deadline=_("deadline")))
register("exchange.service.registered", _("Data service registered"), _registered)
register("exchange.table.reloaded", _("Hosted table reloaded"), sentence(_("%(file)s, %(rows)s rows")))
register("exchange.table.downloaded", _("Hosted table downloaded"), sentence(_("%(rows)s rows as %(format)s")))
register("exchange.service.mounted", _("Data service mounted"), _mounted)
register("exchange.service.unmounted", _("Data service unmounted"), _unmounted)
register(
    "exchange.service.interrupted",
    _("Data service interrupted"),
    sentence(_("%(failures)s failed probes in a row: %(error)s")),
)
register("exchange.service.restored", _("Data service available again"))
register("exchange.error_report.submitted", _("Error report submitted"), _report_submitted)
register("exchange.error_report.answered", _("Error report answered"), _report_answered)
register("exchange.error_report.attachment_read", _("Error report evidence downloaded"), fields(file=_("file")))
register("exchange.table.row_corrected", _("Hosted table row corrected"), _row_corrected)
register("exchange.report.downloaded", _("Annual report downloaded"), _report_downloaded)
register(
    "exchange.call_log.exported",
    _("Call log exported"),
    sentence(_("%(rows)s calls, personal data masked")),
)
register("exchange.gateway_log.sealed", _("Gateway log of a day sealed"), _sealed)
