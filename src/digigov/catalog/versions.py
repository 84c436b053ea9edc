"""Snapshots of a resource (its fields and information items) and the difference between two of them (R1.6).

A published `ResourceVersion.snapshot` and a revision in progress (`Resource.revision`) have the same shape:
{"fields": {name: value}, "items": [{identifier, name, ...}]}, with values as JSON (codes, ISO dates).
"""

import datetime as dt

FIELDS = [
    "name",
    "summary",
    "format",
    "share_type",
    "share_conditions",
    "share_method",
    "legal_basis_kind",
    "legal_basis",
    "open_type",
    "update_cycle",
    "release_date",
    "related_codes",
]
ITEM_FIELDS = [
    "name",
    "identifier",
    "data_type",
    "length",
    "sensitive",
    "is_key",
    "element",
    "is_authoritative",
    "description",
]


def _json(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def item_dict(item) -> dict:
    """An item (model instance or dict) as plain JSON with every item field."""
    get = item.get if isinstance(item, dict) else lambda f, d=None: getattr(item, f, d)
    defaults = {"length": None, "is_key": False, "is_authoritative": False}
    return {f: get(f, defaults.get(f, "")) for f in ITEM_FIELDS}


def snapshot(resource, items=None) -> dict:
    """The resource as published right now (row fields and item rows), plus its classification code."""
    items = list(resource.items.all()) if items is None else items
    fields = {f: _json(getattr(resource, f)) for f in FIELDS}
    fields["classification"] = resource.classification.code
    return {"fields": fields, "items": [item_dict(i) for i in items]}


def diff(old: dict, new: dict) -> dict:
    """What changed from snapshot `old` to `new`: fields, and items added, removed or changed (by identifier)."""
    old_fields, new_fields = old.get("fields", {}), new.get("fields", {})
    fields = [
        {"field": f, "old": old_fields.get(f), "new": new_fields.get(f)}
        for f in [*FIELDS, "classification"]
        if old_fields.get(f) != new_fields.get(f)
    ]
    old_items = {i["identifier"]: i for i in old.get("items", [])}
    new_items = {i["identifier"]: i for i in new.get("items", [])}
    changed = []
    for ident in old_items.keys() & new_items.keys():
        changes = [
            {"field": f, "old": old_items[ident].get(f), "new": new_items[ident].get(f)}
            for f in ITEM_FIELDS
            if old_items[ident].get(f) != new_items[ident].get(f)
        ]
        if changes:
            changed.append({"identifier": ident, "name": new_items[ident].get("name"), "changes": changes})
    return {
        "fields": fields,
        "items_added": [new_items[k] for k in new_items if k not in old_items],
        "items_removed": [old_items[k] for k in old_items if k not in new_items],
        "items_changed": sorted(changed, key=lambda c: c["identifier"]),
    }


def is_empty(change: dict) -> bool:
    return not any(change.values())
