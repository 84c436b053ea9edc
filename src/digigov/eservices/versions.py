"""Snapshots of a service item: its guide, materials and joint parts (R4.1).

A published `ServiceItemVersion.snapshot` and a revision in progress (`ServiceItem.revision`) have the same shape:
{"fields": {name: value}, "materials": [{name, ...}], "parts": [{code, organisation, materials: [names], ...}]},
values as JSON (ids for the process, the resource and the co-reviewing department; theme codes). A case keeps the
version number it applied under, so its guide can be shown as it was.
"""

FIELDS = [
    "name",
    "audience",
    "conditions",
    "procedure",
    "legal_days",
    "promised_days",
    "fee",
    "visits",
    "online_depth",
    "place",
    "hours",
    "consult_phone",
    "complaint_phone",
    "mailing_offered",
    "result_licence_type",
    "process",
    "form",
    "themes",
]
MATERIAL_FIELDS = [
    "name",
    "source",
    "originals",
    "copies",
    "formats",
    "required",
    "substitute",
    "licence_type",
    "resource",
    "items",
    "key",
]
PART_FIELDS = ["code", "organisation", "name", "working_days", "materials", "fields"]

MATERIAL_DEFAULTS = {
    "source": "applicant",
    "originals": 0,
    "copies": 0,
    "formats": "both",
    "required": "always",
    "substitute": "none",
    "licence_type": "",
    "resource": None,
    "items": [],
    "key": "",
}
PART_DEFAULTS = {"working_days": 5, "materials": [], "fields": []}


def _id(value):
    return getattr(value, "pk", value)


def material_dict(material) -> dict:
    """A material (model instance or dict) as plain JSON with every material field."""
    if isinstance(material, dict):
        data = {f: material.get(f, MATERIAL_DEFAULTS.get(f, "")) for f in MATERIAL_FIELDS}
    else:
        data = {f: getattr(material, f) for f in MATERIAL_FIELDS if f != "resource"}
        data["resource"] = material.resource_id
    data["resource"] = _id(data["resource"]) or None
    data["items"] = list(data["items"] or [])
    return data


def part_dict(part) -> dict:
    if isinstance(part, dict):
        data = {f: part.get(f, PART_DEFAULTS.get(f, "")) for f in PART_FIELDS}
    else:
        data = {f: getattr(part, f) for f in ["code", "name", "working_days", "fields"]}
        data["organisation"] = part.organisation_id
        data["materials"] = [m.name for m in part.materials.all()]
    data["organisation"] = _id(data["organisation"])
    data["materials"] = list(data["materials"] or [])
    data["fields"] = list(data["fields"] or [])
    return data


def fields_of(item) -> dict:
    fields = {f: getattr(item, f) for f in FIELDS if f not in ("process", "form", "themes")}
    fields["process"] = item.process_id
    fields["form"] = item.form_id
    fields["themes"] = sorted(item.themes.values_list("code", flat=True)) if item.pk else []
    return fields


def snapshot(item) -> dict:
    """The item as published right now, with what names it: basic code, kind, department, division."""
    return {
        "fields": fields_of(item),
        "materials": [material_dict(m) for m in item.materials.all()],
        "parts": [part_dict(p) for p in item.parts.all()],
        "basic_code": item.basic.basic_code,
        "kind": item.basic.kind,
        "organisation": item.organisation_id,
        "division": item.division_id,
        "implementation_code": item.implementation_code,
    }


def changed_fields(old: dict, new: dict) -> list[str]:
    """Names of the guide's fields that differ, then "materials" and "parts" if those lists differ."""
    names = [f for f in FIELDS if old.get("fields", {}).get(f) != new.get("fields", {}).get(f)]
    return names + [k for k in ("materials", "parts") if old.get(k, []) != new.get(k, [])]
