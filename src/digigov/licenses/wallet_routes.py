"""The wallet and licence use in the JSON API under /api/v1/licenses/wallet/ (R4.8, R6.2).

The holder's routes (their licences, one licence, its uses, authorise, withdraw) take the signed-in citizen's or
legal person's session only: a system's key never stands for a holder. Redeeming an authorisation code and fetching
the watermarked copy of that use are for a department's staff (session) or its system (X-API-Key), acting for their
own organisation. Another holder's licence or authorisation, another organisation's use: 404.
"""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status

from digigov.core.api_auth import session_auth
from digigov.core.api_inputs import Id, PageNumber
from digigov.core.errors import NotFoundError, PermissionDeniedError
from digigov.core.rules import rule
from digigov.licenses import wallet_selectors
from digigov.licenses.models import Licence, UseAuthorisation
from digigov.licenses.services import authorisations

router = Router(tags=["licenses"])


class WalletLicenceOut(Schema):
    id: int
    identifier: str
    licence_type: str
    type_code: str
    number: str
    holder_name: str
    issuer: str
    issued_on: dt.date
    valid_from: dt.date
    valid_until: dt.date | None
    status: str
    standing: str  # valid, expired, cancelled, revoked
    standing_label: str
    trust_grade: str
    source: str


class WalletRowOut(Schema):
    label: str
    value: str


class WalletLicenceDetailOut(WalletLicenceOut):
    rows: list[WalletRowOut]
    sealed: bool


class WalletUseOut(Schema):
    id: int
    kind: str
    kind_label: str
    at: dt.datetime
    organisation: str
    user_name: str
    purpose: str
    case_number: str


class WalletUsePageOut(Schema):
    count: int
    items: list[WalletUseOut]


class WalletAuthoriseIn(Schema):
    recipient: str
    purpose: str
    valid_until: dt.datetime


class WalletAuthorisationOut(Schema):
    id: int
    licence_id: int
    code: str
    recipient: str
    purpose: str
    valid_until: dt.datetime
    state: str  # open, used, withdrawn, expired
    created_at: dt.datetime
    used_at: dt.datetime | None
    withdrawn_at: dt.datetime | None


class WalletRedeemIn(Schema):
    code: str
    organisation_id: Id | None = None


class WalletRedemptionOut(Schema):
    use_id: int
    licence: WalletLicenceDetailOut
    purpose: str
    recipient: str
    copy_url: str  # the watermarked copy for this use (grades A and B); empty otherwise


def _licence_out(licence: Licence) -> dict:
    standing = wallet_selectors.standing(licence)
    return {
        "id": licence.pk,
        "identifier": licence.identifier,
        "licence_type": licence.licence_type.name,
        "type_code": licence.licence_type.code,
        "number": licence.number,
        "holder_name": licence.holder_name,
        "issuer": licence.issuer.name,
        "issued_on": licence.issued_on,
        "valid_from": licence.valid_from,
        "valid_until": licence.valid_until,
        "status": licence.status,
        "standing": standing.code,
        "standing_label": standing.label,
        "trust_grade": licence.trust_grade,
        "source": licence.source,
    }


def _detail_out(licence: Licence) -> dict:
    version = wallet_selectors.current_version(licence)
    return {
        **_licence_out(licence),
        "rows": [{"label": label, "value": value} for label, value in wallet_selectors.licence_rows(licence)],
        "sealed": bool(version is not None and version.signature),
    }


def _authorisation_out(authorisation: UseAuthorisation) -> dict:
    return {
        "id": authorisation.pk,
        "licence_id": authorisation.licence_id,
        "code": authorisation.token,
        "recipient": authorisation.recipient,
        "purpose": authorisation.purpose,
        "valid_until": authorisation.valid_until,
        "state": wallet_selectors.authorisation_state(authorisation)[0],
        "created_at": authorisation.created_at,
        "used_at": authorisation.used_at,
        "withdrawn_at": authorisation.withdrawn_at,
    }


def _holder(request):
    if wallet_selectors.holder_code(request.user) is None:
        raise PermissionDeniedError(_("Sign in as a citizen or as a legal person to use the wallet."))
    return request.user


@router.get("/licences", response=list[WalletLicenceOut], auth=session_auth, summary=_("My licences (卡包)"))
def wallet_licence_list(request):
    return [_licence_out(licence) for licence in wallet_selectors.wallet_licences(actor=_holder(request))[:500]]


@router.get(
    "/licences/{licence_id}", response=WalletLicenceDetailOut, auth=session_auth, summary=_("One of my licences")
)
def wallet_licence_get(request, licence_id: Id):
    return _detail_out(wallet_selectors.wallet_licence_get(actor=_holder(request), pk=licence_id))


@router.get(
    "/licences/{licence_id}/uses",
    response=WalletUsePageOut,
    auth=session_auth,
    summary=_("Every use of one of my licences, newest first (用证记录)"),
)
def wallet_licence_uses(request, licence_id: Id, page: PageNumber = 1):
    licence = wallet_selectors.wallet_licence_get(actor=_holder(request), pk=licence_id)
    pages = Paginator(wallet_selectors.licence_uses(licence), int(rule("licenses.wallet_page_size")))
    current = pages.get_page(page)
    return {
        "count": pages.count,
        "items": [
            {
                "id": use.pk,
                "kind": use.kind,
                "kind_label": use.get_kind_display(),
                "at": use.at,
                "organisation": use.organisation.name if use.organisation_id else "",
                "user_name": use.user_name,
                "purpose": use.purpose,
                "case_number": use.case_number,
            }
            for use in current.object_list
        ],
    }


@router.get(
    "/licences/{licence_id}/authorisations",
    response=list[WalletAuthorisationOut],
    auth=session_auth,
    summary=_("The use authorisations of one of my licences"),
)
def wallet_authorisation_list(request, licence_id: Id):
    licence = wallet_selectors.wallet_licence_get(actor=_holder(request), pk=licence_id)
    return [_authorisation_out(a) for a in wallet_selectors.licence_authorisations(licence)[:100]]


@router.post(
    "/licences/{licence_id}/authorisations",
    response={201: WalletAuthorisationOut},
    auth=session_auth,
    summary=_("Authorise one use of one of my licences (授权用证)"),
)
def wallet_authorise(request, licence_id: Id, body: WalletAuthoriseIn):
    licence = wallet_selectors.wallet_licence_get(actor=_holder(request), pk=licence_id)
    authorisation = authorisations.authorisation_grant(
        actor=request.user,
        licence=licence,
        purpose=body.purpose,
        recipient=body.recipient,
        valid_until=body.valid_until,
    )
    return Status(201, _authorisation_out(authorisation))


@router.post(
    "/authorisations/{authorisation_id}/withdraw",
    response=WalletAuthorisationOut,
    auth=session_auth,
    summary=_("Withdraw an authorisation not yet used"),
)
def wallet_authorisation_withdraw(request, authorisation_id: Id):
    _holder(request)
    found = UseAuthorisation.objects.filter(pk=authorisation_id).first()
    if found is None:
        raise NotFoundError()
    return _authorisation_out(authorisations.authorisation_withdraw(actor=request.user, authorisation=found))


def _user_actor(request):
    client = getattr(request, "system_client", None)
    return authorisations.system_actor(client) if client is not None else request.user


@router.post(
    "/redeem",
    response=WalletRedemptionOut,
    summary=_("Use a licence under its holder's authorisation code, once (staff or a department's system)"),
)
def wallet_redeem(request, body: WalletRedeemIn):
    redemption = authorisations.authorisation_redeem(
        actor=_user_actor(request), code=body.code, organisation_id=body.organisation_id
    )
    copy_url = ""
    if redemption.copy_allowed:
        copy_url = reverse("api-v1:wallet_use_copy", args=[redemption.use.pk])
    return {
        "use_id": redemption.use.pk,
        "licence": _detail_out(redemption.licence),
        "purpose": redemption.authorisation.purpose,
        "recipient": redemption.authorisation.recipient,
        "copy_url": copy_url,
    }


@router.get(
    "/uses/{use_id}/copy",
    url_name="wallet_use_copy",
    summary=_("The copy of a licence watermarked for the caller's use (grades A and B), as PDF"),
)
def wallet_use_copy(request, use_id: Id):
    made = authorisations.use_copy(actor=_user_actor(request), pk=use_id)
    response = HttpResponse(made.data, content_type=made.content_type)
    response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
