"""Writes of the catalogue: each checks permission, changes state and records it in the audit ledger."""

from digigov.catalog.services.classification import classification_seed, department_item
from digigov.catalog.services.list_io import (
    ImportRejectedError,
    list_export,
    list_import,
    list_import_check,
    list_parse,
    list_save,
)
from digigov.catalog.services.lists import (
    demand_ask,
    demand_create,
    demand_match,
    demand_respond,
    negative_create,
    responsibility_create,
    responsibility_fulfil,
)
from digigov.catalog.services.resources import (
    resource_create,
    resource_review,
    resource_revision_discard,
    resource_set_mounted,
    resource_submit,
    resource_update,
    resource_withdraw,
    single_source_resolve,
    working_copy,
)
from digigov.catalog.services.validation import ResourceInvalidError

__all__ = [
    "ImportRejectedError",
    "ResourceInvalidError",
    "classification_seed",
    "demand_ask",
    "demand_create",
    "demand_match",
    "demand_respond",
    "department_item",
    "list_export",
    "list_import",
    "list_import_check",
    "list_parse",
    "list_save",
    "negative_create",
    "resource_create",
    "resource_review",
    "resource_revision_discard",
    "resource_set_mounted",
    "resource_submit",
    "resource_update",
    "resource_withdraw",
    "responsibility_create",
    "responsibility_fulfil",
    "single_source_resolve",
    "working_copy",
]
