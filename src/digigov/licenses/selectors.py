"""Reads of electronic licences (R6.1), scoped to the actor.

The type catalogue is the platform's: every staff member (and every allowed system) reads every type; only the
issuing department's organisation administrators and platform administrators edit (`permissions`). Licences hold
personal data: a department's staff and systems see their own department's only — no platform-wide reading.
"""

from django.db.models import Q, QuerySet

from digigov.core.errors import NotFoundError
from digigov.core.models import LedgerEntry
from digigov.licenses import identifiers
from digigov.licenses.choices import IssueSource
from digigov.licenses.models import Licence, LicenceType, LicenceVersion
from digigov.licenses.permissions import can_edit_types, issuing_organisation_ids


def type_list(*, actor, q: str = "", issuer: int | None = None, active_only: bool = False) -> QuerySet[LicenceType]:
    qs = LicenceType.objects.select_related("issuer")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q))
    if issuer:
        qs = qs.filter(issuer_id=issuer)
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("issuer__name", "code")


def type_get(*, code: str) -> LicenceType:
    found = LicenceType.objects.select_related("issuer").filter(code=(code or "").strip().upper()).first()
    if found is None:
        raise NotFoundError()
    return found


def type_by_pk(pk: int) -> LicenceType:
    found = LicenceType.objects.select_related("issuer").filter(pk=pk).first()
    if found is None:
        raise NotFoundError()
    return found


def types_issued_by(actor) -> QuerySet[LicenceType]:
    """The active types whose licences `actor` may issue."""
    return LicenceType.objects.filter(is_active=True, issuer_id__in=issuing_organisation_ids(actor)).order_by("code")


def type_editable(actor, licence_type: LicenceType) -> bool:
    return can_edit_types(actor, licence_type.issuer_id)


def licence_list(
    *, actor, q: str = "", status: str = "", licence_type: int | None = None, source_ref: str = ""
) -> QuerySet[Licence]:
    """The licences of the actor's departments, newest first; `q` finds a number, holder name or code, identifier."""
    qs = Licence.objects.filter(issuer_id__in=issuing_organisation_ids(actor)).select_related("licence_type")
    q = (q or "").strip()
    if q:
        qs = qs.filter(
            Q(number__icontains=q)
            | Q(holder_name__icontains=q)
            | Q(holder_code=q.upper())
            | Q(identifier=q)
            | Q(versions__identifier=q)
        ).distinct()
    if status:
        qs = qs.filter(status=status)
    if licence_type:
        qs = qs.filter(licence_type_id=licence_type)
    if source_ref:
        qs = qs.filter(source_ref=source_ref)
    return qs.order_by("-issued_on", "-pk")


def licence_get(*, actor, pk: int) -> Licence:
    found = licence_list(actor=actor).select_related("issuer").filter(pk=pk).first()
    if found is None:
        raise NotFoundError()
    return found


def licence_by_identifier(*, actor, identifier: str) -> Licence:
    """The licence one of whose versions has `identifier` (an older identifier finds the licence too)."""
    if identifiers.parse(identifier) is None:
        raise NotFoundError()
    version = LicenceVersion.objects.filter(identifier=identifier.strip()).only("licence_id").first()
    if version is None:
        raise NotFoundError()
    return licence_get(actor=actor, pk=version.licence_id)


def versions_of(licence: Licence) -> QuerySet[LicenceVersion]:
    return licence.versions.defer("signature", "qr_signature").order_by("-version")


def licences_for_case(case_number: str) -> list[Licence]:
    """The licences issued for a concluded case (its number is their source reference)."""
    if not case_number:
        return []
    return list(Licence.objects.filter(source=IssueSource.CASE, source_ref=case_number).select_related("licence_type"))


def licence_history(licence: Licence) -> QuerySet[LedgerEntry]:
    """Issue, changes, renewals, cancellation or revocation, as the ledger recorded them (openings left out)."""
    return (
        LedgerEntry.objects.filter(
            object_type="licenses.licence", object_id=str(licence.pk), action__startswith="licenses."
        )
        .exclude(action="licenses.viewed")
        .order_by("seq")
    )
