"""Fees paid online and result mailing in the demo (R4.7, issue #11 acceptance 10): the demo citizens apply for items
that charge, their departments issue payment orders, and they pay through the payment simulator exactly as on the
case page (checkout, confirmation, signed notice); two of those cases are concluded (one mailed by EMS, one
collected), one waits for its payment with mailing chosen. A few concluded online cases of items that mail are
mailed by SF Express. Deterministic; nothing is added once the demo holds payment orders."""

import datetime as dt
import random

from django.contrib.auth import get_user_model

from digigov.core.choices import Role
from digigov.core.models import Division
from digigov.core.rules import rule
from digigov.eservices import paygate, prefill
from digigov.eservices.choices import CaseStatus, Channel, Decision, ItemStatus, MaterialRequirement
from digigov.eservices.models import Carrier, Case, Delivery, PaymentOrder, ServiceItem
from digigov.eservices.services import cases, payments
from digigov.eservices.services import delivery as deliveries
from digigov.identity import api as identity

MAILED_EXTRA = 4
STREETS = ["中山大道 888 号 3 栋 1201 室", "解放大道 1277 号 2 单元 502 室", "沿江大道 100 号 8 栋 301 室"]


def load(clerks, today: dt.date) -> None:
    """Called by `demo.cases.load_cases` once its cases are in, with its clerks."""
    if PaymentOrder.objects.exists():
        return
    citizens = list(get_user_model().objects.filter(username__startswith="citizen.").order_by("username"))
    items = list(
        ServiceItem.objects.filter(
            status=ItemStatus.PUBLISHED,
            audience="person",
            form__current__isnull=False,
            process__current__isnull=False,
            online_depth__gte=rule("eservices.online_depth_min"),
        )
        .exclude(fee=[])
        .order_by("pk")
    )
    county = Division.objects.filter(code="420102").first() or Division.objects.filter(level="county").first()
    if not citizens or not items or county is None:
        return
    for n, plan in enumerate(["mailed", "collected", "awaiting"]):
        user = citizens[n % len(citizens)]
        _fee_case(clerks, user, items[n % len(items)], today, plan, county.code, STREETS[n % len(STREETS)])
    _mail_some(clerks, county.code)


def _pay(user, case: Case) -> None:
    """The citizen's way through the simulator: 去缴费, then 确认支付 on its page (its signed notice comes back)."""
    gate = paygate.SimulatorProvider()
    payments.payment_start(actor=user, case=case, return_url=f"/zwfw/cases/{case.number}/")
    order = case.payment_orders.get(status="unpaid")
    checkout = gate.checkout_get(order.provider_ref)
    if checkout is not None:
        body, signature = gate.finish(checkout, paid=True)
        payments.notice_receive(body=body, signature=signature)


def _fee_case(clerks, user, item: ServiceItem, today: dt.date, plan: str, county: str, street: str) -> None:
    from digigov.demo import cases as demo_cases  # demo.cases calls this module

    party = identity.party_of(user)
    if party is None:
        return
    case = cases.case_start(actor=user, item=item, channel=Channel.ONLINE, party=party)
    held = prefill.materials_held(applicant_user=user, item=item)
    fetched = {h.material_id for h in held}
    for material in item.materials.filter(required=MaterialRequirement.ALWAYS):
        if material.pk not in fetched:
            cases.material_attach(
                actor=user, case=case, material_id=material.pk, filename="扫描件.pdf", data=demo_cases.PDF
            )
    day = demo_cases._working_day_back(today, 3)
    post = demo_cases._post(random.Random(11), case, party, day)
    case = demo_cases._at(day, cases.case_submit, actor=user, case=case, post=post, held=held)
    case = demo_cases._at(day, cases.case_accept, actor=clerks(item.organisation_id, Role.HANDLER), case=case)
    if case.status != CaseStatus.IN_PROGRESS:
        return
    payments.order_issue(actor=clerks(item.organisation_id, Role.HANDLER), case=case, today=day)
    if plan != "collected" and deliveries.mailing_offered(case):
        deliveries.delivery_choose(
            actor=user,
            case=case,
            method="mail",
            recipient=case.applicant_name,
            mobile="13871234567",
            division=county,
            address=street,
        )
    elif deliveries.mailing_offered(case):
        deliveries.delivery_choose(actor=user, case=case, method="pickup")
    if plan == "awaiting":
        return
    _pay(user, case)
    for _step in range(8):
        case.refresh_from_db()
        tasks = demo_cases._open(case) if case.status == CaseStatus.IN_PROGRESS else []
        if not tasks:
            break
        task = tasks[0]
        kind, worker = cases.task_kind(task.element_id), clerks(task.organisation_id, task.role)
        if kind == "review":
            cases.case_review(actor=worker, case=case, agreed=True, opinion="材料齐全，已缴费。", today=today)
        elif kind == "decide":
            cases.case_decide(actor=worker, case=case, approved=True, today=today)
        elif kind == "conclude":
            cases.case_conclude(actor=worker, case=case, today=today)
        else:
            break
    case.refresh_from_db()
    if plan == "mailed" and case.status == CaseStatus.CONCLUDED:
        deliveries.delivery_send(
            actor=clerks(item.organisation_id, Role.HANDLER),
            case=case,
            carrier=Carrier.EMS,
            tracking_number=f"11{case.pk:011d}",
        )


def _mail_some(clerks, county: str) -> None:
    """A few concluded online cases of items that mail: the applicant chose mailing, the department sent it."""
    done = 0
    concluded = (
        Case.objects.filter(
            status=CaseStatus.CONCLUDED,
            decision=Decision.APPROVED,
            channel=Channel.ONLINE,
            applicant__isnull=False,
            item__mailing_offered=True,
        )
        .exclude(pk__in=Delivery.objects.values("case_id"))
        .select_related("applicant", "item")
        .order_by("pk")
    )
    for case in concluded[:20]:
        if done >= MAILED_EXTRA or not deliveries.mailing_offered(case):
            continue
        deliveries.delivery_choose(
            actor=case.applicant,
            case=case,
            method="mail",
            recipient=case.applicant_name,
            mobile="13971234568",
            division=county,
            address=STREETS[done % len(STREETS)],
        )
        deliveries.delivery_send(
            actor=clerks(case.organisation_id, Role.HANDLER),
            case=case,
            carrier=Carrier.SF,
            tracking_number=f"SF{case.pk:013d}",
        )
        done += 1
