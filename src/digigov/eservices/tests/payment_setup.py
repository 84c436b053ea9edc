"""A case of an item that charges a fee and offers mailing, accepted and reviewed, waiting for the decision; and
the counties an address may be in. Shared by the payment and delivery tests (R4.7)."""

import datetime as dt

from digigov.core.tests.factories import DivisionFactory
from digigov.eservices.models import Case
from digigov.eservices.services import cases
from digigov.eservices.tests.case_setup import PDF, World, world

FEE = {"name": "普通护照工本费", "basis": "发改价格规〔2019〕914号", "amount_fen": 12000}
MONDAY = dt.date(2026, 12, 7)


def fee_world(**item_fields) -> World:
    province = DivisionFactory(code="420000", name="湖北省", level="province")
    city = DivisionFactory(code="420100", name="武汉市", level="city", parent=province)
    DivisionFactory(code="420102", name="江岸区", level="county", parent=city)
    return world(**({"fee": [FEE], "mailing_offered": True} | item_fields))


def submitted(w: World) -> Case:
    case = cases.case_start(actor=w.citizen, item=w.item)
    cases.material_attach(actor=w.citizen, case=case, material_id=w.materials[0].pk, filename="id.pdf", data=PDF)
    return cases.case_submit(actor=w.citizen, case=case, post=w.post())


def reviewed(w: World) -> Case:
    """Accepted and reviewed: the leader's decision is next."""
    case = cases.case_accept(actor=w.handler, case=submitted(w), today=MONDAY)
    cases.case_review(actor=w.reviewer, case=case, agreed=True, opinion="符合条件", today=MONDAY)
    case.refresh_from_db()
    return case
