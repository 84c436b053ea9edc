"""Electronic seals of the demo (R7.1): every demo department and institution gets an official seal (公章) and an
电子证照专用章, each requested by its administrator (the platform administrator where the demo has none) and approved
by the platform operator's demo user, through the seals' own services. Running it again changes nothing."""

from django.contrib.auth import get_user_model

from digigov.core.choices import Role
from digigov.core.models import Membership, Organisation
from digigov.signing import seals as signing_seals
from digigov.signing.choices import SealKind, SealStatus
from digigov.signing.models import Seal
from digigov.signing.permissions import holds_keys

DEMO_SEALS = ((SealKind.OFFICIAL, ""), (SealKind.BUSINESS, "电子证照专用章"))


def _approver():
    """A leader of the platform operator organisation, else the platform administrator (demo user `admin`)."""
    leader = (
        Membership.objects.filter(organisation__is_platform_operator=True, role=Role.LEADER)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return leader.user if leader else get_user_model().objects.get(username="admin")


def _requester(organisation: Organisation, fallback):
    admin = (
        Membership.objects.filter(organisation=organisation, role=Role.ORG_ADMIN)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return admin.user if admin else fallback


def load_seals(orgs: dict[str, Organisation]) -> dict[str, list[str]]:
    """The codes of each organisation's demo seals, making the missing ones on approval."""
    approver = _approver()
    platform_admin = get_user_model().objects.get(username="admin")
    made: dict[str, list[str]] = {}
    for org_key, organisation in orgs.items():
        if not holds_keys(organisation):
            continue  # internal units use their department's seals
        requester = _requester(organisation, platform_admin)
        for kind, use_text in DEMO_SEALS:
            seal = (
                Seal.objects.filter(organisation=organisation, kind=kind, use_text=use_text)
                .exclude(status=SealStatus.CANCELLED)
                .first()
            )
            if seal is None:
                request = signing_seals.seal_request(
                    actor=requester,
                    organisation=organisation,
                    action="make",
                    kind=kind,
                    use_text=use_text,
                    reason="启用统一电子印章（演示数据）",
                )
                seal = signing_seals.seal_request_decide(
                    actor=approver, request=request, approve=True, reason="经审核，同意制作。"
                ).result
            made.setdefault(org_key, []).append(seal.code)
    return made
