"""Department systems acting on their department's cases through the API (R4.2, ADR 0003 "Amendments from the
build"). A system's X-API-Key authenticates it (identity); whether it may work cases at all is the platform
operator's explicit choice, the rule `eservices.case_systems` (the systems' numbers). An allowed system acts as a
`core.actors.SystemActor`: in every lane (handler, reviewer, leader) of its own organisation and nowhere else, so it
reaches exactly the cases the department's staff reach, and each step it takes is in the ledger under its name with
the channel `api`."""

from digigov.core.actors import SystemActor
from digigov.core.choices import Role
from digigov.core.rules import rule_system_ids
from digigov.eservices.choices import Channel

CASE_ROLES = frozenset({Role.HANDLER, Role.REVIEWER, Role.LEADER})


def case_system_ids() -> set[int]:
    return rule_system_ids("eservices.case_systems")


def system_actor(client) -> SystemActor | None:
    """The actor `client` (an authenticated identity SystemClient) works cases as, or None if it may not."""
    if client is None or client.pk not in case_system_ids():
        return None
    return SystemActor(
        client_id=client.pk,
        name=client.name,
        organisation_id=client.organisation_id,
        roles=CASE_ROLES,
        channel=Channel.API,
    )
