"""Ninja routes of unified identity: public sign-up of citizens and legal persons (R0.2); departments' application
systems and their API keys (R0.5)."""

import datetime as dt

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status

from digigov.core.errors import NotFoundError, PermissionDeniedError
from digigov.core.models import Organisation
from digigov.core.permissions import acting_organisation
from digigov.identity import selectors, services
from digigov.identity.choices import AccountKind

router = Router(tags=["identity"])


class CitizenIn(Schema):
    username: str
    password: str
    real_name: str
    id_number: str
    phone: str


class LegalPersonIn(Schema):
    username: str
    password: str
    entity_name: str
    uscc: str
    legal_representative: str
    representative_id_number: str
    phone: str


class AccountOut(Schema):
    user_id: int
    username: str
    name: str
    account_kind: str


@router.post("/citizens", response={201: AccountOut}, auth=None, summary=_("Register a citizen (自然人) account"))
def citizen_register(request, payload: CitizenIn):
    profile = services.citizen_register(**payload.dict())
    return Status(201, _account(profile.user, profile.real_name, AccountKind.CITIZEN))


@router.post(
    "/legal-persons", response={201: AccountOut}, auth=None, summary=_("Register a legal person (法人) account")
)
def legal_person_register(request, payload: LegalPersonIn):
    profile = services.legal_person_register(**payload.dict())
    return Status(201, _account(profile.user, profile.entity_name, AccountKind.LEGAL_PERSON))


def _account(user, name: str, kind: str) -> dict:
    return {"user_id": user.pk, "username": user.get_username(), "name": name, "account_kind": str(kind)}


# --- application systems and their API keys ----------------------------------------------------------------------


class SystemIn(Schema):
    name: str
    purpose: str
    contact: str
    organisation_id: int | None = None


class SystemOut(Schema):
    id: int
    name: str
    organisation_id: int
    organisation: str
    purpose: str
    contact: str
    key_state: str
    key_prefix: str | None
    key_issued_at: dt.datetime | None
    previous_key_until: dt.datetime | None
    last_used_at: dt.datetime | None
    created_at: dt.datetime

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.name

    @staticmethod
    def resolve_key_state(obj):
        return selectors.key_state(obj)

    @staticmethod
    def resolve_previous_key_until(obj):
        return selectors.grace_until(obj)


class RotateIn(Schema):
    at_once: bool = False


class KeyOut(Schema):
    key: str
    previous_key_until: dt.datetime | None
    system: SystemOut


def _organisation(request, org_id: int | None) -> Organisation:
    if org_id is None:
        org = acting_organisation(request.user)
        if org is None:
            raise PermissionDeniedError()
        return org
    org = Organisation.objects.filter(pk=org_id, is_active=True).first()
    if org is None:
        raise NotFoundError()
    return org


def _system(request, system_id: int):
    return selectors.system_get(actor=request.user, pk=system_id)


def _key(response: HttpResponse, request, system_id: int, key: str, until) -> dict:
    """The key, this once: the answer must not be kept by a browser or a proxy."""
    response["Cache-Control"] = "no-store"
    return {"key": key, "previous_key_until": until, "system": _system(request, system_id)}


@router.get("/systems", response=list[SystemOut], summary=_("Application systems of my department (all: operator)"))
def system_list(request):
    return list(selectors.system_list(actor=request.user))


@router.post("/systems", response={201: SystemOut}, summary=_("Register an application system (its key comes next)"))
def system_register(request, payload: SystemIn):
    client = services.system_client_register(
        actor=request.user,
        organisation=_organisation(request, payload.organisation_id),
        name=payload.name,
        purpose=payload.purpose,
        contact=payload.contact,
    )
    return Status(201, _system(request, client.pk))


@router.get("/systems/{system_id}", response=SystemOut, summary=_("One application system and its key's state"))
def system_detail(request, system_id: int):
    return _system(request, system_id)


@router.post(
    "/systems/{system_id}/key",
    response={201: KeyOut},
    summary=_("Issue the system's API key, returned this once"),
)
def system_key_issue(request, response: HttpResponse, system_id: int):
    key = services.system_key_issue(actor=request.user, client=_system(request, system_id))
    return Status(201, _key(response, request, system_id, key, None))


@router.post(
    "/systems/{system_id}/key/rotate",
    response=KeyOut,
    summary=_("Replace the system's API key; the previous one works for the grace period unless at_once"),
)
def system_key_rotate(request, response: HttpResponse, system_id: int, payload: RotateIn):
    key, until = services.system_key_rotate(
        actor=request.user, client=_system(request, system_id), at_once=payload.at_once
    )
    return _key(response, request, system_id, key, until)


@router.post("/systems/{system_id}/key/revoke", response=SystemOut, summary=_("Stop the system's API key at once"))
def system_key_revoke(request, system_id: int):
    services.system_key_revoke(actor=request.user, client=_system(request, system_id))
    return _system(request, system_id)
