"""Writes of the forms kernel: create a form, save a version of its schema. Each is audited in the ledger."""

import hashlib
import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from digigov.core import ledger
from digigov.core.errors import ConflictError, FieldErrors, PermissionDeniedError
from digigov.core.permissions import acting_organisation
from digigov.forms import schema as schema_module
from digigov.forms.choices import SCHEMA_VERSION
from digigov.forms.models import FormDefinition, FormVersion
from digigov.forms.permissions import can_edit, can_edit_for

KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,59}$")


def schema_sha256(schema: Any) -> str:
    return hashlib.sha256(schema_module.canonical_json(schema).encode()).hexdigest()


def empty_schema(key: str) -> dict:
    """The schema of a new form before anything is added: what the designer opens with."""
    return {
        "type": "default",
        "id": key.replace("-", "_"),
        "schemaVersion": SCHEMA_VERSION,
        "components": [],
    }


@transaction.atomic
def definition_create(*, actor, key: str, name: str, owner=None, schema: dict | None = None) -> FormDefinition:
    """A new form owned by `owner` (None = platform-wide); with `schema`, its version 1 is saved too."""
    if not can_edit_for(actor, owner):
        raise PermissionDeniedError()
    errors = FieldErrors()
    key, name = (key or "").strip(), (name or "").strip()
    if not KEY_RE.match(key):
        errors.add("key", _("The key has 2 to 60 lower-case letters, digits and hyphens, such as birth-registration."))
    elif FormDefinition.objects.filter(key=key).exists():
        errors.add("key", _("Another form has the key “%(key)s”.") % {"key": key})
    if not name:
        errors.add("name", _("Give the form a name."))
    errors.check_lengths(FormDefinition, {"name": name})
    errors.raise_if_any()
    definition = FormDefinition.objects.create(key=key, name=name, owner=owner)
    ledger.record(
        action="forms.definition.created",
        actor=actor,
        organisation=owner or acting_organisation(actor),
        obj=definition,
        after={"key": key, "name": name},
    )
    if schema is not None:
        version_save(actor=actor, definition=definition, schema=schema)
        definition.refresh_from_db()
    return definition


@transaction.atomic
def version_save(*, actor, definition: FormDefinition, schema: Any) -> tuple[FormVersion, bool]:
    """Check `schema` and save it as the form's next version; (version, True). The same schema as the current
    version makes no new one: (current, False). A refused schema raises a DomainError by component key."""
    if not can_edit(actor, definition):
        raise PermissionDeniedError()
    schema_module.validate(schema)
    locked = FormDefinition.objects.select_for_update().filter(pk=definition.pk).first()
    if locked is None:
        raise ConflictError()
    digest = schema_sha256(schema)
    current = FormVersion.objects.filter(pk=locked.current_id).first() if locked.current_id else None
    if current is not None and current.sha256 == digest:
        return current, False
    last = locked.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = FormVersion.objects.create(
        definition=locked,
        number=last + 1,
        schema=schema,
        schema_version=SCHEMA_VERSION,
        sha256=digest,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    locked.current = version
    locked.save(update_fields=["current"])
    definition.current = version
    ledger.record(
        action="forms.version.saved",
        actor=actor,
        organisation=locked.owner or acting_organisation(actor),
        obj=version,
        before={"number": current.number} if current else {},
        after={"number": version.number, "sha256": digest},
    )
    return version, True
