"""Reads of the signing app: public keys are public; the key list is scoped to who may manage keys."""

from django.db.models import Prefetch, QuerySet

from digigov.core.choices import OrganisationKind
from digigov.core.models import Organisation
from digigov.core.permissions import is_platform_admin, organisation_ids
from digigov.signing.models import OrgKeyPair
from digigov.signing.permissions import KEY_MANAGERS


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
