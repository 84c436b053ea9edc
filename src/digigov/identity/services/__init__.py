"""Writes of unified identity, one module per subject; every write is audited in the same transaction (R0.4)."""

from digigov.identity.services.clients import oidc_client_register
from digigov.identity.services.registration import citizen_register, legal_person_register, mask_id_number
from digigov.identity.services.signin import account_unlock, session_expired, signin_failed, signin_succeeded
from digigov.identity.services.staff import (
    membership_add,
    membership_remove,
    password_change,
    password_reset,
    profile_change,
)
from digigov.identity.services.systems import (
    system_client_register,
    system_key_issue,
    system_key_rehash,
    system_key_revoke,
    system_key_rotate,
)

__all__ = [
    "account_unlock",
    "citizen_register",
    "legal_person_register",
    "mask_id_number",
    "membership_add",
    "membership_remove",
    "oidc_client_register",
    "password_change",
    "password_reset",
    "profile_change",
    "session_expired",
    "signin_failed",
    "signin_succeeded",
    "system_client_register",
    "system_key_issue",
    "system_key_rehash",
    "system_key_revoke",
    "system_key_rotate",
]
