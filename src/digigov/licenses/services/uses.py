"""用证记录 (R6.2): every use of a licence is one `LicenceUse` row, written in the transaction of what caused it, and
one ledger entry. The holder sees every row on the licence's page (`wallet_selectors.licence_uses`)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from digigov.core import ledger
from digigov.core.names import person_name
from digigov.licenses.choices import UseKind
from digigov.licenses.models import Licence, LicenceUse, UseAuthorisation

ACTIONS: dict[str, str] = {
    UseKind.SHOWN: "licenses.licence.shown",
    UseKind.DOWNLOADED: "licenses.licence.downloaded",
    UseKind.AUTHORISED: "licenses.authorisation.redeemed",
    UseKind.CASE: "licenses.use.case",
}


def actor_name(actor) -> str:
    """Who used it, as the holder will read it: a person's name (surname first) or a system's name."""
    if getattr(actor, "is_system", False):
        return str(actor.name)
    if getattr(actor, "is_authenticated", False):
        return person_name(actor) or actor.get_username()
    return ""


@transaction.atomic
def use_record(
    *,
    licence: Licence,
    kind: str,
    actor,
    purpose: str,
    organisation_id: int | None = None,
    case_number: str = "",
    authorisation: UseAuthorisation | None = None,
    extra: dict | None = None,
) -> LicenceUse:
    """One use of `licence` (its current version) and its ledger entry; call inside the caller's transaction."""
    purpose, case_number = purpose[:200], case_number[:40]
    use = LicenceUse.objects.create(
        licence=licence,
        version=licence.version,
        kind=kind,
        user=actor if getattr(actor, "is_authenticated", False) else None,
        user_name=actor_name(actor)[:200],
        organisation_id=organisation_id,
        purpose=purpose,
        case_number=case_number,
        authorisation=authorisation,
    )
    ledger.record(
        action=ACTIONS[kind],
        actor=actor,
        organisation=organisation_id or licence.issuer_id,
        obj=licence,
        after={
            "identifier": licence.identifier,
            "purpose": purpose,
            "case_number": case_number,
            "user": use.user_name,
            **(extra or {}),
        },
    )
    return use


PURPOSE_SHOWN = _("Shown on site by the holder")
PURPOSE_DOWNLOADED = _("Downloaded by the holder (%(format)s)")
