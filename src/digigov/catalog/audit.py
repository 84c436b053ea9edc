"""The catalogue's ledger actions, with their labels and summaries (core/audit_actions.py, R0.4)."""

from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from digigov.catalog.choices import DemandStatus, ShareType
from digigov.catalog.models import Resource
from digigov.core.audit_actions import Change, fields, model_fields, register, sentence

LISTS = {
    "responsibility": _("Responsibility list"),
    "demand": _("Demand list"),
    "negative": _("Negative list"),
}

_resource_fields = model_fields(Resource)


def _changed(change: Change) -> str:
    """Fields old → new, then how many information items the resource has now."""
    before = {k: v for k, v in change.before.items() if k != "items"}
    after = {k: v for k, v in change.after.items() if k != "items"}
    parts = [_resource_fields(Change(change.entry, before, after))]
    if "items" in change.after:
        parts.append(gettext("%(n)s information items") % {"n": change.after["items"]})
    return "；".join(p for p in parts if p)


def _revised(change: Change) -> str:
    names = [str(Resource._meta.get_field(f).verbose_name) for f in change.after.get("fields", []) if _is_field(f)]
    text = gettext("Revision of version %(version)s") % {"version": change.after.get("version", "")}
    return f"{text}：{'、'.join(names)}" if names else text


def _is_field(name: str) -> bool:
    return any(f.name == name for f in Resource._meta.get_fields())


def _share_type(value) -> str:
    return str(ShareType(value).label) if value in ShareType.values else str(value or "")


def _demand_status(value) -> str:
    return str(DemandStatus(value).label) if value in DemandStatus.values else str(value or "")


def _submitted(change: Change) -> str:
    return gettext("A revision of the published resource") if change.after.get("revision") else ""


register(
    "catalog.resource.created",
    _("Resource catalogued"),
    sentence(_("%(code)s %(name)s (%(share_type)s)"), share_type=_share_type),
)
register("catalog.resource.changed", _("Resource edited"), _changed)
register("catalog.resource.revised", _("Published resource revised"), _revised)
register("catalog.resource.submitted", _("Resource submitted for review"), _submitted)
register("catalog.resource.published", _("Resource approved and published"), sentence(_("Version %(version)s")))
register("catalog.resource.returned", _("Resource returned for changes"))
register("catalog.resource.withdrawn", _("Resource withdrawn"))
register("catalog.resource.revision_discarded", _("Revision discarded"))
register("catalog.resource.mounted", _("Data service mounted to the resource"))
register("catalog.resource.unmounted", _("Data service unmounted from the resource"))
register(
    "catalog.resource.single_source_flagged",
    _("Single-source conflict found"),
    fields(elements=_("data elements with more than one source")),
)
register(
    "catalog.single_source.resolved",
    _("Single source decided"),
    fields(element=_("data element"), cleared=_("no longer a source")),
)
register("catalog.classification.seeded", _("Catalogue classes loaded"), sentence(_("%(created)s classes added")))
register("catalog.classification.created", _("Catalogue class added"), fields(code=_("code")))
register(
    "catalog.responsibility.created",
    _("Responsibility list entry added"),
    fields(name=_("resource name"), due=_("due date")),
)
register("catalog.responsibility.fulfilled", _("Responsibility fulfilled"), fields(resource=_("catalogue resource")))
register("catalog.demand.created", _("Demand list entry added"), fields(name=_("resource name")))
register("catalog.demand.matched", _("Demand matched to a resource"), fields(resource=_("catalogue resource")))
register(
    "catalog.demand.asked",
    _("Provider asked to answer a demand"),
    fields(provider=_("provider"), deadline=_("deadline")),
)
register(
    "catalog.demand.responded",
    _("Provider answered a demand"),
    lambda change: _demand_status(change.after.get("status")),
)
register("catalog.negative.created", _("Negative list entry added"), fields(name=_("resource name")))
for _kind, _title in LISTS.items():
    register(f"catalog.{_kind}.imported", format_lazy(_("Imported: {}"), _title), sentence(_("%(rows)s rows")))
    register(f"catalog.{_kind}.exported", format_lazy(_("Exported: {}"), _title), sentence(_("%(rows)s rows")))
