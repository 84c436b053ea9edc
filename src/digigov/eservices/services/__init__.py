"""Writes of online services: each checks permission, changes state and records it in the audit ledger."""

from digigov.eservices.services.items import (
    basic_item_create,
    item_create,
    item_link_create,
    item_review,
    item_revision_discard,
    item_submit,
    item_update,
    item_withdraw,
    theme_create,
    working_copy,
)

__all__ = [
    "basic_item_create",
    "item_create",
    "item_link_create",
    "item_review",
    "item_revision_discard",
    "item_submit",
    "item_update",
    "item_withdraw",
    "theme_create",
    "working_copy",
]
