"""Reads of the holder's wallet (卡包, R4.8) and of the uses of a licence (用证记录, R6.2).

A holder is the citizen or legal person behind an account (`identity.api.party_of`): their licences are those whose
`holder_code` is their ID number or credit code. Another holder's licence is not found (404), never refused (403):
its existence is nobody else's business.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digigov.core.errors import NotFoundError
from digigov.identity import api as identity
from digigov.licenses.choices import LicenceStatus, ProvisionState
from digigov.licenses.models import HolderProvision, Licence, LicenceUse, LicenceVersion, UseAuthorisation

EXPIRED = "expired"
STANDING_LABELS = {
    LicenceStatus.VALID: _("Valid (licence)"),
    EXPIRED: _("Expired (licence)"),
    LicenceStatus.CANCELLED: _("Cancelled (licence)"),
    LicenceStatus.REVOKED: _("Revoked (licence)"),
}


@dataclass(frozen=True)
class Standing:
    """What a licence is worth today: valid, expired (a date, not a status), cancelled or revoked."""

    code: str
    label: str

    @property
    def usable(self) -> bool:
        return self.code == LicenceStatus.VALID


def standing(licence: Licence, today: dt.date | None = None) -> Standing:
    today = today or timezone.localdate()
    code = licence.status
    if code == LicenceStatus.VALID and licence.valid_until is not None and licence.valid_until < today:
        code = EXPIRED
    return Standing(code, str(STANDING_LABELS.get(code, code)))


def holder_code(actor) -> str | None:
    """The ID number or credit code of the citizen or legal person signed in, or None (staff, anonymous)."""
    party = identity.party_of(actor)
    return party.code if party is not None else None


def wallet_licences(*, actor) -> QuerySet[Licence]:
    """The licences held by the signed-in party, newest first (one index range: `licences_holder_idx`)."""
    code = holder_code(actor)
    if not code:
        return Licence.objects.none()
    return Licence.objects.held_by(code).select_related("licence_type", "issuer").order_by("-issued_on", "-id")


def wallet_licence_get(*, actor, pk) -> Licence:
    """One licence of the signed-in party; NotFoundError for anyone else's (or none)."""
    try:
        return wallet_licences(actor=actor).get(pk=int(pk))
    except (Licence.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFoundError() from None


def current_version(licence: Licence) -> LicenceVersion | None:
    return licence.versions.filter(version=licence.version).first()


def licence_rows(licence: Licence) -> list[tuple[str, str]]:
    """(label, value) of the licence as its current version was issued (`snapshot.rows`), or of the record itself
    when it has no version (a licence provided by its holder before a version was written)."""
    from digigov.licenses import snapshot

    version = current_version(licence)
    if version is not None and version.snapshot:
        return snapshot.rows(version.snapshot)
    return [
        (str(_("licence type")), licence.licence_type.name),
        (str(_("licence number")), licence.number),
        (str(_("holder")), licence.holder_name),
        (str(_("issuing department")), licence.issuer.name),
        (str(_("date of issue")), licence.issued_on.isoformat()),
        (str(_("valid until")), licence.valid_until.isoformat() if licence.valid_until else snapshot.LONG_TERM),
    ]


def licence_uses(licence: Licence) -> QuerySet[LicenceUse]:
    """Every use of the licence, newest first (R6.2: the holder sees each one)."""
    return licence.uses.select_related("organisation", "authorisation").order_by("-at", "-pk")


def licence_authorisations(licence: Licence) -> QuerySet[UseAuthorisation]:
    return licence.authorisations.order_by("-created_at", "-pk")


def authorisation_state(authorisation: UseAuthorisation, now: dt.datetime | None = None) -> tuple[str, str]:
    """(code, label) of an authorisation: used, withdrawn, expired or waiting to be used."""
    now = now or timezone.now()
    if authorisation.used_at:
        return "used", str(_("Used (authorisation)"))
    if authorisation.withdrawn_at:
        return "withdrawn", str(_("Withdrawn (authorisation)"))
    if authorisation.valid_until < now:
        return "expired", str(_("Expired (authorisation)"))
    return "open", str(_("Waiting to be used (authorisation)"))


def holder_provisions(*, actor) -> QuerySet[HolderProvision]:
    """The holder's scans still waiting for a clerk or refused (recorded ones are licences in the wallet)."""
    code = holder_code(actor)
    if not code:
        return HolderProvision.objects.none()
    return (
        HolderProvision.objects.filter(holder_code=code)
        .exclude(state=ProvisionState.RECORDED)
        .select_related("licence_type")
    )


def pending_provisions(code: str = "") -> QuerySet[HolderProvision]:
    """Scans waiting for a clerk to see the original, optionally of one holder (the clerk asks for their code)."""
    rows = HolderProvision.objects.filter(state=ProvisionState.PENDING).select_related("licence_type")
    if code:
        rows = rows.filter(holder_code=code.strip().upper())
    return rows.order_by("created_at", "pk")
