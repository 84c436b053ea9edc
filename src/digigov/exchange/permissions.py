"""Who may do what in the exchange (R1.4): roles per side, and who the platform operator is."""

from django.utils.translation import gettext_lazy as _

from digigov.core.choices import Role
from digigov.core.errors import DomainError
from digigov.core.models import Organisation
from digigov.core.permissions import is_operator, require_operator

__all__ = [
    "APPLICANTS",
    "ERROR_ANSWERERS",
    "OPERATOR_STAFF",
    "PROVIDER_DECIDERS",
    "PROVIDER_STAFF",
    "is_operator",
    "operator_organisation",
    "operator_organisations",
    "require_operator",
]

# Provider side: handlers register and mount data services and answer error reports;
# reviewers and leaders decide conditional applications and revoke grants.
PROVIDER_STAFF = (Role.HANDLER, Role.ORG_ADMIN)
PROVIDER_DECIDERS = (Role.REVIEWER, Role.LEADER, Role.ORG_ADMIN)
ERROR_ANSWERERS = (Role.HANDLER, Role.REVIEWER, Role.ORG_ADMIN)
# Consumer side: a handler applies, withdraws and reports doubtful data.
APPLICANTS = (Role.HANDLER, Role.ORG_ADMIN)
# The platform operator (共享平台运维方): any of its staff (core.permissions.is_operator) checks, forwards, urges and
# escalates, so any of them is told what it must follow up.
OPERATOR_STAFF = tuple(Role)


def operator_organisations():
    return Organisation.objects.filter(is_platform_operator=True, is_active=True).order_by("pk")


def operator_organisation() -> Organisation:
    """The organisation that runs the platform: its staff get the operator's to-dos."""
    org = operator_organisations().first()
    if org is None:
        raise DomainError(_("No platform operator organisation is configured."), code="no_operator")
    return org
