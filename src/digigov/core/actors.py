"""A system acting for its organisation (R0.4, R0.5): not a person, so it holds no account and no membership.

A department's application system that the platform allowed to work its organisation's cases calls the API with
its key; the app that allows it hands its services a `SystemActor` instead of a user. The permission check
(`permissions.can`, `organisation_ids`) lets it act in the given roles of its own organisation only (never a
platform administrator), and the ledger names it (`ledger_name`) where a person's account name would stand.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class SystemActor:
    client_id: int  # the identity SystemClient
    name: str
    organisation_id: int
    roles: frozenset[str]  # the roles it acts in, in its organisation (and its internal units)
    channel: str = "api"  # where its calls came from, recorded with each step

    # What code written for people reads of an actor: no account, not signed in, no superuser.
    pk = None
    is_authenticated = False
    is_superuser = False
    is_system = True

    @property
    def ledger_name(self) -> str:
        return f"系统：{self.name}（#{self.client_id}）"[:150]

    def get_username(self) -> str:
        return self.ledger_name
