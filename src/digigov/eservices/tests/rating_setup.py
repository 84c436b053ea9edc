"""Closed cases to rate: the case world (`case_setup.world`) with a case not accepted or concluded, and the platform
operator who decides appeals."""

from digigov.core.choices import Role
from digigov.core.tests.factories import OrganisationFactory
from digigov.eservices.models import Case
from digigov.eservices.services import cases
from digigov.eservices.tests.case_setup import PDF, World, officer, world


def submitted(w: World) -> Case:
    case = cases.case_start(actor=w.citizen, item=w.item)
    cases.material_attach(actor=w.citizen, case=case, material_id=w.materials[0].pk, filename="id.pdf", data=PDF)
    return cases.case_submit(actor=w.citizen, case=case, post=w.post())


def rejected(w: World) -> Case:
    return cases.case_reject(actor=w.handler, case=submitted(w), reason="不属于本部门职责范围")


def concluded(w: World) -> Case:
    case = cases.case_accept(actor=w.handler, case=submitted(w))
    cases.case_review(actor=w.reviewer, case=case, agreed=True, opinion="符合条件。")
    return cases.case_decide(actor=w.leader, case=case, approved=True)


def operator():
    """A leader of the platform operator (湖北省政务管理办公室 in the demo)."""
    return officer(Role.LEADER, OrganisationFactory(name="省政务管理办公室", is_platform_operator=True))


__all__ = ["concluded", "operator", "rejected", "submitted", "world"]
