"""Ninja routes of the forms kernel at /api/v1/forms/: the forms I may read, one form's current schema, and a new
version from a schema (refused with 400 and the component keys at fault)."""

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status

from digigov.core.api_inputs import Id
from digigov.forms import selectors, services
from digigov.forms.permissions import can_edit

router = Router(tags=["forms"])


class FormOut(Schema):
    id: int
    key: str
    name: str
    owner_id: int | None
    owner: str
    version: int | None
    saved_at: dt.datetime | None
    can_edit: bool


class FormDetailOut(FormOut):
    sha256: str
    form_schema: dict[str, Any] | None = Field(None, alias="schema", description="The form-js schema (version 19)")


class VersionIn(Schema):
    form_schema: dict[str, Any] = Field(..., alias="schema", description="The form-js schema (version 19)")


class FormVersionOut(Schema):
    form_id: int
    number: int
    sha256: str
    created: bool


def _out(request, form) -> dict:
    current = form.current
    return {
        "id": form.pk,
        "key": form.key,
        "name": form.name,
        "owner_id": form.owner_id,
        "owner": form.owner.name if form.owner_id else "",
        "version": current.number if current else None,
        "saved_at": current.created_at if current else None,
        "can_edit": can_edit(request.user, form),
    }


@router.get("/", response=list[FormOut], summary=_("The forms I may read"))
def form_list(request):
    return [_out(request, form) for form in selectors.form_list(actor=request.user)]


@router.get("/{form_id}", response=FormDetailOut, by_alias=True, summary=_("A form and its current schema"))
def form_get(request, form_id: Id):
    form = selectors.form_get(actor=request.user, pk=form_id)
    current = form.current
    return {
        **_out(request, form),
        "sha256": current.sha256 if current else "",
        "schema": current.schema if current else None,
    }


@router.post(
    "/{form_id}/versions",
    response={200: FormVersionOut, 201: FormVersionOut},
    summary=_("Save a schema as the form's next version (400 names the components at fault)"),
)
def version_save(request, form_id: Id, payload: VersionIn):
    form = selectors.form_get(actor=request.user, pk=form_id)
    version, created = services.version_save(actor=request.user, definition=form, schema=payload.form_schema)
    body = {"form_id": form.pk, "number": version.number, "sha256": version.sha256, "created": created}
    return Status(201 if created else 200, body)
