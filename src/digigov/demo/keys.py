"""One SM2 signing key per demo department and institution (R0.5); running it again changes nothing."""

from digigov.core.models import Organisation
from digigov.signing import services as signing_services
from digigov.signing.permissions import holds_keys


def load_keys(orgs: dict[str, Organisation]) -> dict[str, str]:
    """Fingerprint of each key-holding organisation's active key, generating the missing ones."""
    fingerprints = {}
    for org_key, organisation in orgs.items():
        if not holds_keys(organisation):
            continue  # internal units sign with their department's key
        key = signing_services.key_bootstrap(organisation=organisation)
        fingerprints[org_key] = key.fingerprint
    return fingerprints
