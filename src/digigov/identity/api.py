"""What other apps may call on unified identity. Nothing else of `identity` is public.

Other apps authenticate systems with `ApiKeyAuth`, look up a consumer's systems, and never query identity's
tables themselves: the one exception for speed, the gateway's client-with-grants statement, is composed by
`client_sql` here, so the SQL that names identity's table stays in identity (docs/adr/0001-app-skeleton.md).
"""

from digigov.identity.auth import CLIENT_WIDTH, ApiKeyAuth, client_from_row, client_sql
from digigov.identity.models import KEY_PREFIX_LEN, SystemClient
from digigov.identity.selectors import (
    Party,
    account_kind,
    account_of,
    organisations_with_systems,
    party_of,
    system_client_active,
    system_clients_of,
)
from digigov.identity.services import (
    citizen_register,
    legal_person_register,
    oidc_client_register,
    system_client_register,
    system_key_issue,
    system_key_revoke,
    system_key_rotate,
)
from digigov.identity.services.registration import mask_id_number

__all__ = [
    "CLIENT_WIDTH",
    "KEY_PREFIX_LEN",
    "ApiKeyAuth",
    "Party",
    "SystemClient",
    "account_kind",
    "account_of",
    "citizen_register",
    "client_from_row",
    "client_sql",
    "legal_person_register",
    "mask_id_number",
    "oidc_client_register",
    "organisations_with_systems",
    "party_of",
    "system_client_active",
    "system_client_register",
    "system_clients_of",
    "system_key_issue",
    "system_key_revoke",
    "system_key_rotate",
]
