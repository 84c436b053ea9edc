"""Shared fixtures of the workflow kernel: a platform administrator's definition of a shipped process."""

from pathlib import Path

from digigov.core.choices import Role
from digigov.core.tests.factories import staff
from digigov.workflow import api as workflow

PROCESSES = Path(__file__).resolve().parents[1] / "processes"


def bpmn(name: str) -> str:
    return (PROCESSES / f"{name}.bpmn").read_text(encoding="utf-8")


def shipped_version(name: str = "joint_approval", *, key: str | None = None, designer=None, **bindings):
    """A new definition holding the shipped BPMN file `name` as its version 1."""
    designer = designer or staff(Role.PLATFORM_ADMIN)
    definition = workflow.definition_create(actor=designer, key=key or name.replace("_", "-"), name=name)
    return workflow.version_save(actor=designer, definition=definition, bpmn_xml=bpmn(name), **bindings)
