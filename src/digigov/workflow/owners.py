"""How a domain app plugs its objects into the engine without the kernel importing it (ADR 0003 §4): the owner
app registers callbacks from its AppConfig.ready(); instances without an owner (tests, benchmarks) use the
defaults."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Owner:
    type: str  # "eservices.case": ProcessInstance.owner_type
    source: str  # the inbox source of its to-dos
    lock: Callable[[str], Any]  # lock the owner's row first (lock order: owner, instance, ledger head); returns it
    resolve: Callable[[Any, str], Any] | None = None  # (owner, part code) -> Organisation of a co-reviewing part
    title: Callable[[Any, str], Any] | None = None  # (owner, task name) -> the to-do's title
    url: Callable[[Any, Any], str] | None = None  # (owner, UserTask) -> where the to-do leads
    task_days: Callable[[Any, str, int], int] | None = None  # (owner, element id, version's days) -> working days
    on_step: Callable[[Any, Any], None] | None = None  # (owner, StepResult), in the same transaction


_owners: dict[str, Owner] = {}


def register_owner(owner: Owner) -> None:
    _owners[owner.type] = owner


def owner_for(owner_type: str) -> Owner | None:
    return _owners.get(owner_type) if owner_type else None
