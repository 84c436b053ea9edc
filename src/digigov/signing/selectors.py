"""Reads of the signing app: public keys are public; the key list is scoped to who may manage keys."""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from digigov.core.choices import OrganisationKind
from digigov.core.models import Organisation
from digigov.core.permissions import is_platform_admin, organisation_ids
from digigov.signing.choices import REVOKED_STATUSES, SealKind, SealRequestState, SealStatus
from digigov.signing.models import OrgKeyPair, Seal, SealRequest
from digigov.signing.permissions import KEY_MANAGERS, is_seal_approver


def key_holder(organisation: Organisation) -> Organisation:
    """The organisation whose key signs for `organisation`: itself, or the department of an internal unit."""
    return organisation.root()


def key_active(organisation: Organisation) -> OrgKeyPair | None:
    """The key that signs for `organisation` now (its department's key for an internal unit)."""
    holder = key_holder(organisation)
    return OrgKeyPair.objects.active().filter(organisation=holder).select_related("organisation").first()


def key_get(*, organisation: Organisation, fingerprint: str) -> OrgKeyPair | None:
    """Any key, active or revoked, of the organisation's key holder with that fingerprint."""
    holder = key_holder(organisation)
    return OrgKeyPair.objects.filter(organisation=holder, fingerprint=fingerprint.lower()).first()


def key_list(*, actor) -> QuerySet[OrgKeyPair]:
    """Keys the actor may manage: every key for the platform administrator, their own organisations' otherwise."""
    return (
        OrgKeyPair.objects.visible_to(actor, roles=KEY_MANAGERS)
        .select_related("organisation", "created_by")
        .order_by("organisation__name", "-created_at")
    )


def key_holder_list(*, actor) -> QuerySet[Organisation]:
    """Departments and institutions whose keys the actor manages, each with its keys newest first."""
    qs = Organisation.objects.exclude(kind=OrganisationKind.INTERNAL_UNIT).filter(is_active=True)
    if not is_platform_admin(actor):
        qs = qs.filter(pk__in=organisation_ids(actor, KEY_MANAGERS))
    keys = OrgKeyPair.objects.select_related("created_by").order_by("-created_at")
    return (
        qs.select_related("division")
        .prefetch_related(Prefetch("signing_keys", queryset=keys))
        .order_by("division_id", "name")
    )


# --- electronic seals (R7.1) ---


def seal_for(organisation: Organisation, *, kind: str | None = None) -> Seal | None:
    """The organisation's active seal inside its validity: of `kind` if given; otherwise the one licences are sealed
    with, a business seal whose use names 证照, else the official seal. An internal unit uses its department's."""
    holder = organisation.root()
    now = timezone.now()
    qs = Seal.objects.filter(
        organisation=holder, status=SealStatus.ACTIVE, valid_from__lte=now, valid_until__gte=now
    ).select_related("organisation")
    if kind is not None:
        qs = qs.filter(kind=kind)
        if kind == SealKind.BUSINESS:
            return (
                qs.filter(use_text__contains="证照").order_by("-created_at").first()
                or qs.order_by("-created_at").first()
            )
        return qs.order_by("-created_at").first()
    return (
        qs.filter(kind=SealKind.BUSINESS, use_text__contains="证照").order_by("-created_at").first()
        or qs.filter(kind=SealKind.OFFICIAL).order_by("-created_at").first()
    )


def seal_by_code(code: str) -> Seal | None:
    return Seal.objects.filter(code=str(code).strip()).select_related("organisation").first()


def seal_list(*, actor) -> QuerySet[Seal]:
    """Seals the actor may see: their own organisations' (any role); every seal for the approvers."""
    qs = Seal.objects.select_related("organisation").defer("encrypted_private_key_pem", "seseal_der", "image_png")
    if not is_seal_approver(actor):
        qs = qs.filter(organisation_id__in=organisation_ids(actor))
    return qs.order_by("organisation__name", "kind", "-created_at")


def seal_request_list(*, actor, pending_only: bool = False) -> QuerySet[SealRequest]:
    """Requests the actor may see: every request for the approvers, their organisations' for staff."""
    qs = SealRequest.objects.select_related("organisation", "seal", "requested_by", "decided_by", "result")
    if not is_seal_approver(actor):
        qs = qs.filter(organisation_id__in=organisation_ids(actor))
    if pending_only:
        qs = qs.filter(state=SealRequestState.PENDING)
    return qs.order_by("-requested_at", "-pk")


def revoked_seals() -> list[dict]:
    """The revocation list: every lost or cancelled seal, its status and since when (oldest first)."""
    rows = Seal.objects.filter(status__in=REVOKED_STATUSES).order_by("status_since", "code")
    return [
        {"code": code, "status": status, "since": since}
        for code, status, since in rows.values_list("code", "status", "status_since")
    ]


def seal_uses(seal: Seal, *, limit: int = 20) -> list:
    """The seal's last uses from the ledger (purpose and data SM3, never the data)."""
    from digigov.core.models import LedgerEntry

    return list(
        LedgerEntry.objects.filter(
            action="signing.seal_used", object_type="signing.seal", object_id=str(seal.pk)
        ).order_by("-pk")[:limit]
    )
