from digigov.core.tests.factories import OrganisationFactory
from digigov.signing import services
from digigov.signing.models import OrgKeyPair


def org_key(organisation=None) -> OrgKeyPair:
    """The active key of `organisation` (a new department if None), made the way the system makes it."""
    return services.key_bootstrap(organisation=organisation or OrganisationFactory())
