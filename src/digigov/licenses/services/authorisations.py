"""授权用证 (R6.2): the holder lets one named party use one licence once, for a stated purpose, until a time; a
department's staff at a counter (用证核验) or its system through the API redeems the code and sees the licence, and
for grades A and B gets a copy watermarked with the use (`documents.copy_for_use`).

A code is single use: redeeming locks the row, so two counters typing it at once cannot both use it. The holder
withdraws it any time before it is used. The longest period is the rule `licenses.authorisation_max_days`.
"""

from __future__ import annotations

import datetime as dt
import importlib
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digigov.core import ledger
from digigov.core.actors import SystemActor
from digigov.core.errors import ConflictError, FieldErrors, NotFoundError, PermissionDeniedError
from digigov.core.permissions import is_staff_member, memberships, organisation_ids
from digigov.core.rules import rule
from digigov.licenses import wallet_selectors
from digigov.licenses.choices import UseKind
from digigov.licenses.models import Licence, LicenceUse, UseAuthorisation
from digigov.licenses.services.uses import use_record
from digigov.licenses.services.wallet import Download, _own

# No 0/O, 1/I/L: a code is read aloud and typed at a counter.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(int(rule("licenses.authorisation_code_length"))))


def normalise(code: str) -> str:
    """What was typed or scanned, as stored: capitals, no spaces or dashes (codes are shown in groups of four)."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())[:64]


def grouped(code: str) -> str:
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


@transaction.atomic
def authorisation_grant(
    *, actor, licence: Licence, purpose: str, recipient: str, valid_until: dt.datetime, now: dt.datetime | None = None
) -> UseAuthorisation:
    """The holder authorises one use of `licence` by `recipient` for `purpose` until `valid_until` (at most
    `licenses.authorisation_max_days` days ahead)."""
    licence = _own(actor, licence)
    now = now or timezone.now()
    purpose, recipient = (purpose or "").strip(), (recipient or "").strip()
    errors = FieldErrors()
    if not purpose:
        errors.add("purpose", _("Say what the licence will be used for."))
    if not recipient:
        errors.add("recipient", _("Name the department or business that will use it."))
    errors.check_lengths(UseAuthorisation, {"purpose": purpose, "recipient": recipient})
    max_days = int(rule("licenses.authorisation_max_days"))
    if valid_until is not None and timezone.is_naive(valid_until):  # an API caller's local time without offset
        valid_until = timezone.make_aware(valid_until)
    if valid_until is None or valid_until <= now:
        errors.add("valid_until", _("Choose a time in the future."))
    elif valid_until > now + dt.timedelta(days=max_days):
        errors.add("valid_until", _("An authorisation lasts at most %(days)s days.") % {"days": max_days})
    errors.raise_if_any()
    standing = wallet_selectors.standing(licence, timezone.localdate(now))
    if not standing.usable:
        raise ConflictError(
            _("This licence is %(standing)s and cannot be authorised for use.") % {"standing": standing.label}
        )
    for _attempt in range(5):
        try:
            with transaction.atomic():
                authorisation = UseAuthorisation.objects.create(
                    licence=licence,
                    token=new_code(),
                    purpose=purpose,
                    recipient=recipient,
                    valid_until=valid_until,
                    created_by=actor,
                )
            break
        except IntegrityError:  # the same code drawn twice: draw again
            continue
    else:  # pragma: no cover - 31**10 codes
        raise ConflictError()
    ledger.record(
        action="licenses.authorisation.granted",
        actor=actor,
        organisation=licence.issuer_id,
        obj=authorisation,
        after={
            "identifier": licence.identifier,
            "recipient": recipient,
            "purpose": purpose,
            "valid_until": timezone.localtime(valid_until).strftime("%Y-%m-%d %H:%M"),
        },
    )
    return authorisation


def _own_authorisation(actor, pk) -> UseAuthorisation:
    code = wallet_selectors.holder_code(actor)
    found = (
        UseAuthorisation.objects.select_for_update()
        .select_related("licence")
        .filter(pk=pk, licence__holder_code=code or "-")
        .first()
    )
    if not code or found is None:
        raise NotFoundError()
    return found


@transaction.atomic
def authorisation_withdraw(*, actor, authorisation: UseAuthorisation) -> UseAuthorisation:
    """The holder withdraws an authorisation not yet used."""
    authorisation = _own_authorisation(actor, authorisation.pk)
    if authorisation.used_at:
        raise ConflictError(_("This authorisation has been used already and cannot be withdrawn."))
    if authorisation.withdrawn_at:
        raise ConflictError(_("This authorisation has been withdrawn already."))
    authorisation.withdrawn_at = timezone.now()
    authorisation.save(update_fields=["withdrawn_at"])
    ledger.record(
        action="licenses.authorisation.withdrawn",
        actor=actor,
        organisation=authorisation.licence.issuer_id,
        obj=authorisation,
        after={"identifier": authorisation.licence.identifier, "recipient": authorisation.recipient},
    )
    return authorisation


def system_actor(client) -> SystemActor:
    """A department's system (an authenticated identity SystemClient) redeeming codes for its organisation."""
    return SystemActor(
        client_id=client.pk, name=client.name, organisation_id=client.organisation_id, roles=frozenset(), channel="api"
    )


def redeeming_organisation(actor, organisation_id: int | None = None) -> int:
    """The organisation a redeemer uses the licence for: a system's own; a staff member's chosen one among theirs
    (their first membership by default). Only staff and systems redeem."""
    if getattr(actor, "is_system", False):
        return actor.organisation_id
    if not is_staff_member(actor):
        raise PermissionDeniedError(_("Only a department's staff or system can use an authorisation code."))
    own = [m.organisation_id for m in memberships(actor)]
    if organisation_id is not None:
        if organisation_id not in organisation_ids(actor):
            raise PermissionDeniedError()
        return organisation_id
    if not own:
        raise PermissionDeniedError(_("Use an authorisation code as the staff of a department."))
    return own[0]


@dataclass(frozen=True)
class Redemption:
    authorisation: UseAuthorisation
    licence: Licence
    use: LicenceUse
    copy_allowed: bool  # grades A and B: a watermarked copy for this use


def copy_allowed(licence: Licence) -> bool:
    return licence.trust_grade in str(rule("licenses.copy_grades"))


@transaction.atomic
def authorisation_redeem(
    *, actor, code: str, organisation_id: int | None = None, now: dt.datetime | None = None
) -> Redemption:
    """Use the licence under the authorisation `code`, once. Refused (in Chinese) when the code is unknown,
    withdrawn, used, expired, or the licence is no longer valid."""
    organisation_id = redeeming_organisation(actor, organisation_id)
    now = now or timezone.now()
    token = normalise(code)
    authorisation = (
        UseAuthorisation.objects.select_for_update().select_related("licence").filter(token=token).first()
        if token
        else None
    )
    if authorisation is None:
        raise NotFoundError(_("No authorisation has this code. Check it with the holder."))
    if authorisation.withdrawn_at:
        raise ConflictError(_("The holder has withdrawn this authorisation."))
    if authorisation.used_at:
        raise ConflictError(_("This authorisation code has been used already; it can be used only once."))
    if authorisation.valid_until <= now:
        raise ConflictError(_("This authorisation has expired; ask the holder for a new one."))
    licence = (
        Licence.objects.select_for_update().select_related("licence_type", "issuer").get(pk=authorisation.licence_id)
    )
    standing = wallet_selectors.standing(licence, timezone.localdate(now))
    if not standing.usable:
        raise ConflictError(_("The licence is %(standing)s and cannot be used.") % {"standing": standing.label})
    authorisation.used_at = now
    authorisation.save(update_fields=["used_at"])
    use = use_record(
        licence=licence,
        kind=UseKind.AUTHORISED,
        actor=actor,
        purpose=authorisation.purpose,
        organisation_id=organisation_id,
        authorisation=authorisation,
        extra={"recipient": authorisation.recipient},
    )
    return Redemption(authorisation, licence, use, copy_allowed(licence))


def use_get(*, actor, pk) -> LicenceUse:
    """A use made by one of the actor's organisations (a system: its own); NotFoundError for any other."""
    if getattr(actor, "is_system", False):
        allowed = {actor.organisation_id}
    elif is_staff_member(actor):
        allowed = organisation_ids(actor)
    else:
        raise NotFoundError()
    try:
        use = (
            LicenceUse.objects.select_related("licence__licence_type", "licence__issuer", "organisation")
            .filter(organisation_id__in=allowed)
            .get(pk=int(pk))
        )
    except (LicenceUse.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFoundError() from None
    return use


@transaction.atomic
def use_open(*, actor, pk) -> LicenceUse:
    """The licence data behind a use, for the organisation that used it (the handler of a case, the counter that
    redeemed a code). Opening it reads personal data: recorded."""
    use = use_get(actor=actor, pk=pk)
    ledger.record(
        action="licenses.use.viewed",
        actor=actor,
        organisation=use.organisation_id,
        obj=use.licence,
        after={"identifier": use.licence.identifier, "case_number": use.case_number},
    )
    return use


def watermark(use: LicenceUse) -> str:
    """The text every page of a copy carries: what it may be used for, by whom, when (国办函〔2019〕108号)."""
    when = timezone.localtime(use.at).strftime("%Y-%m-%d")
    organisation = use.organisation.name if use.organisation is not None else use.user_name
    return _("For “%(purpose)s” only · %(organisation)s · %(date)s · other uses invalid") % {
        "purpose": use.purpose,
        "organisation": organisation,
        "date": when,
    }


def _copy(version, text: str) -> bytes:
    """The watermarked copy from the documents service; in one function so the rest does not depend on it."""
    documents = importlib.import_module("digigov.licenses.services.documents")
    made = documents.copy_for_use(version, text)
    if hasattr(made, "read"):
        made = made.read()
    return bytes(made)


@transaction.atomic
def use_copy(*, actor, pk) -> Download:
    """A copy of the licence watermarked with the use, for the organisation that redeemed the authorisation;
    grades A and B only (rule `licenses.copy_grades`)."""
    use = use_get(actor=actor, pk=pk)
    if use.kind != UseKind.AUTHORISED:
        raise NotFoundError()
    if not copy_allowed(use.licence):
        raise ConflictError(_("Licences of this trust grade have no watermarked copy; use the data shown."))
    version = use.licence.versions.filter(version=use.version).first()
    if version is None:
        raise NotFoundError()
    text = str(watermark(use))
    data = _copy(version, text)
    ledger.record(
        action="licenses.use.copy_made",
        actor=actor,
        organisation=use.organisation_id,
        obj=use.licence,
        after={"identifier": use.licence.identifier, "watermark": text},
    )
    return Download(f"{use.licence.number or use.licence_id}-copy.pdf", "application/pdf", data)
