"""Ninja routes of unified identity: public sign-up of citizens and legal persons (R0.2)."""

from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status

from digigov.identity import services
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
