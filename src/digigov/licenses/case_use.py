"""Licences used instead of a material (减证便民, R6.2), as online services (`eservices`) see them through
`licenses.api`: the valid licence of a type its applicant holds, the use recorded with the case, and the licence as
its handler sees it inline on the case."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from digigov.core.rules import rule
from digigov.licenses import wallet_selectors
from digigov.licenses.choices import LicenceStatus, TrustGrade, UseKind
from digigov.licenses.models import Licence, LicenceUse
from digigov.licenses.services.uses import use_record


@dataclass(frozen=True)
class HeldLicence:
    """A valid licence its holder need not bring: `source` and `identifier` go on the case's material."""

    identifier: str
    name: str  # the licence type's name
    number: str
    issuer: str
    trust_grade: str
    valid_until: dt.date | None

    @property
    def source(self) -> str:
        return f"{self.name}（{self.issuer}）"


def _usable(holder_code: str, today: dt.date):
    grades = [g for g in str(rule("licenses.case_use_grades")) if g in TrustGrade.values]
    return (
        Licence.objects.held_by(holder_code)
        .filter(status=LicenceStatus.VALID, trust_grade__in=grades)
        .exclude(valid_until__lt=today)
        .select_related("licence_type", "issuer")
    )


def licence_held(*, holder_code: str, type_code: str, today: dt.date | None = None) -> HeldLicence | None:
    """The holder's valid (not expired, not cancelled or revoked) licence of the type `type_code` with a trust grade
    services accept (rule `licenses.case_use_grades`), the best grade and newest first; None if there is none."""
    if not holder_code or not type_code:
        return None
    today = today or timezone.localdate()
    found = (
        _usable(holder_code, today)
        .filter(licence_type__code=type_code)
        .order_by("trust_grade", "-issued_on", "-pk")
        .first()
    )
    if found is None:
        return None
    return HeldLicence(
        found.identifier, found.licence_type.name, found.number, found.issuer.name, found.trust_grade, found.valid_until
    )


@transaction.atomic
def licence_case_use(
    *, actor, identifier: str, holder_code: str, organisation_id: int, purpose: str, case_number: str
) -> bool:
    """Record that a case (`case_number`, handled by `organisation_id`) used the holder's licence `identifier`
    instead of a material: one LicenceUse of kind CASE the holder sees. False (nothing recorded) when the licence is
    not the holder's or no longer usable: the caller then asks for the material."""
    today = timezone.localdate()
    licence = _usable(holder_code, today).select_for_update(of=("self",)).filter(identifier=identifier).first()
    if licence is None:
        return False
    use_record(
        licence=licence,
        kind=UseKind.CASE,
        actor=actor,
        purpose=purpose,
        organisation_id=organisation_id,
        case_number=case_number,
    )
    return True


@dataclass(frozen=True)
class CaseLicence:
    """A licence used by a case, as its handler sees it inline: checked now, not as it was."""

    identifier: str
    name: str
    number: str
    holder_name: str
    issuer: str
    valid_from: dt.date
    valid_until: dt.date | None
    standing: str  # 有效, 已过期, 已注销, 已吊销
    usable: bool
    trust_grade: str
    trust_grade_label: str
    sealed: bool  # its current version carries the issuer's seal signature
    url: str  # the licence's data, for the organisation that used it

    @property
    def validity(self) -> str:
        end = self.valid_until.isoformat() if self.valid_until else _("long-term")
        return f"{self.valid_from.isoformat()} — {end}"


def licence_in_case(*, identifier: str, case_number: str, organisation_id: int) -> CaseLicence | None:
    """The licence `identifier` as used by case `case_number` of `organisation_id`, or None if that organisation
    recorded no such use."""
    use = (
        LicenceUse.objects.filter(
            kind=UseKind.CASE, case_number=case_number, organisation_id=organisation_id, licence__identifier=identifier
        )
        .select_related("licence__licence_type", "licence__issuer")
        .order_by("-pk")
        .first()
    )
    if use is None:
        return None
    licence = use.licence
    standing = wallet_selectors.standing(licence)
    version = wallet_selectors.current_version(licence)
    return CaseLicence(
        identifier=licence.identifier,
        name=licence.licence_type.name,
        number=licence.number,
        holder_name=licence.holder_name,
        issuer=licence.issuer.name,
        valid_from=licence.valid_from,
        valid_until=licence.valid_until,
        standing=standing.label,
        usable=standing.usable,
        trust_grade=licence.trust_grade,
        trust_grade_label=str(TrustGrade(licence.trust_grade).label),
        sealed=bool(version is not None and version.signature),
        url=reverse("licenses_use_detail", args=[use.pk]),
    )
