"""Cases of the demo province (issue #11 acceptance 10): about 1,000 applications over the last three months in
every state, each through the case services as an applicant, a window clerk, a reviewer and a leader would move it
(the dates passed as `today`), so the queues, the clock colours and the figures show real work on first start.

Most come in at the counter (窗口) for walk-in applicants with fictitious, checksum-valid codes; some online from
the demo citizens' and enterprises' accounts. Some joint (并联) cases wait for one part; one 企业开办 is in
progress with registration done and seal, invoice and social security open. Idempotent: nothing is added once
the demo holds its cases.
"""

import datetime as dt
import logging
import random
import re
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from digigov.core.calendar import add_working_days, is_working_day
from digigov.core.choices import Role
from digigov.core.codegen import make_id_number, make_uscc
from digigov.core.models import InboxItem, Membership, Notification, Organisation
from digigov.demo import counter as demo_counter
from digigov.demo import payments as demo_payments
from digigov.demo import ratings as demo_ratings
from digigov.demo.citizens import LEGAL_PERSONS
from digigov.demo.consultations import load_consultations
from digigov.demo.province import DEMO_PASSWORD, staff_group
from digigov.eservices import prefill
from digigov.eservices.choices import Audience, CaseStatus, Channel, ItemStatus, MaterialRequirement
from digigov.eservices.models import Case, ServiceItem
from digigov.eservices.services import cases
from digigov.forms import api as forms_api
from digigov.identity import api as identity
from digigov.workflow import api as workflow

TARGET = 1000
STARTUP = "营业执照设立登记（有限责任公司）"  # 企业开办 (R4.4) on its shipped process
logger = logging.getLogger(__name__)
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"  # a scan's stand-in
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉"
COMPANY = ["科技", "商贸", "餐饮", "物流", "建材", "农业", "文化传媒", "健康管理"]
REGIONS = ["420102", "420103", "420104", "420105", "420106", "420111", "420502", "420602", "421002", "420802"]
PATTERN_SAMPLES = ["A123456789", "430000", "123456", "2026"]
REFUSALS = "经审查，申请人不符合《%s》规定的条件，依法不予批准。"
OVERDUE_REASONS = ["需现场核查，已约定核查时间", "协办部门意见未反馈，已督办", "申请人补充材料后重新审查"]


def _staff(organisation: Organisation, role: str, password: str):
    """A clerk of `organisation` holding `role`: the demo's own where there is one, else a new account."""
    member = Membership.objects.filter(organisation=organisation, role=role).select_related("user").first()
    if member is not None:
        return member.user
    user_model = get_user_model()
    username = f"case.{organisation.pk}.{role}"
    user = user_model.objects.filter(username=username).first()
    if user is None:
        user = user_model(
            username=username,
            password=password,
            first_name=f"{organisation.short_name or organisation.name}{ROLE_NAMES[role]}",
        )
        user.save()
    user.groups.add(staff_group())
    Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    return user


ROLE_NAMES = {Role.HANDLER: "窗口人员", Role.REVIEWER: "审查人员", Role.LEADER: "负责人"}


class _Clerks:
    def __init__(self):
        self.password = make_password(DEMO_PASSWORD)
        self.found: dict[tuple[int, str], object] = {}

    def __call__(self, organisation_id: int, role: str):
        key = (organisation_id, role)
        if key not in self.found:
            self.found[key] = _staff(Organisation.objects.get(pk=organisation_id), role, self.password)
        return self.found[key]


def _name(rng) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))


def _walk_in(rng, audience: str) -> identity.Party:
    phone = f"1{rng.choice('35789')}{rng.randrange(10**9):09d}"
    if audience == Audience.PERSON:
        return identity.Party("citizen", _name(rng), make_id_number(rng, region=rng.choice(REGIONS)), phone)
    region = rng.choice(REGIONS)[:4] + "00"
    entity = f"湖北{rng.choice('鄂楚荆汉江黄')}{rng.choice('丰诚信达华安')}{rng.choice(COMPANY)}有限公司"
    return identity.Party("legal_person", entity, make_uscc(rng, division=region), phone, _name(rng))


def _answer(rng, field, party, day: dt.date) -> str | None:
    """A plausible valid answer to one field of a demo form."""
    if field.type == "checkbox":
        return "on" if field.required else None
    if field.options:
        return field.options[0].value
    if field.type == "number":
        return str(int(field.minimum) if field.minimum is not None else 1)
    if field.type == "datetime":
        return (day - dt.timedelta(days=rng.randrange(30, 900))).isoformat()
    if field.check == "id_number":
        return party.code if party.kind == "citizen" and "applicant" in field.prefill else make_id_number(rng)
    if field.check == "uscc":
        return party.code if party.kind != "citizen" else make_uscc(rng)
    if field.check == "mobile" or field.validation_type == "phone":
        return party.phone
    if field.validation_type == "email":
        return "service@example.cn"
    if field.pattern:
        return next((s for s in PATTERN_SAMPLES if re.search(field.pattern, s)), None)
    if not field.required:
        return None
    if field.type == "textarea":
        return "申请办理本事项，相关情况属实。"
    return party.name if "name" in field.key else "湖北省武汉市江岸区沿江大道 1 号"


def _post(rng, case: Case, party, day: dt.date) -> dict:
    post = {}
    for field in forms_api.input_fields(case.form_version):
        value = _answer(rng, field, party, day)
        if value is not None:
            post[forms_api.PREFIX + field.key] = value
    return post


def _working_day_back(today: dt.date, n: int) -> dt.date:
    day = today - dt.timedelta(days=n)
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


# The first cases show every state at once (joint items come first, the oldest are overdue); then by share.
SHOWCASE = ["reviewing", "concluded", "supplementing", "reviewing", "rejected", "withdrawn", "submitted", "refused"]


def _plan(rng, n: int) -> str:
    """The state a case is taken to: mostly concluded, and some of every other state."""
    if n < len(SHOWCASE):
        return SHOWCASE[n]
    roll = rng.random()
    for state, share in (
        ("concluded", 0.55),
        ("refused", 0.05),
        ("rejected", 0.07),
        ("withdrawn", 0.02),
        ("supplementing", 0.07),
        ("reviewing", 0.14),
    ):
        if roll < share:
            return state
        roll -= share
    return "submitted"


def _applicant(rng, item: ServiceItem, accounts: dict):
    """An online applicant (a demo account of the item's audience) a quarter of the time, else a walk-in."""
    own = accounts.get(item.audience, [])
    if own and item.online_depth >= 3 and rng.random() < 0.25:
        user = rng.choice(own)
        return Channel.ONLINE, user, identity.party_of(user)
    channel = Channel.ASSISTED if rng.random() < 0.1 else Channel.COUNTER
    return channel, None, _walk_in(rng, item.audience)


def _case(rng, item: ServiceItem, clerks, accounts, today: dt.date, plan: str, old: bool = False) -> Case:
    if old:
        back = 45
    elif plan in ("reviewing", "supplementing", "submitted"):
        back = rng.randrange(0, max(2, item.promised_days + 2))  # still running: applied for lately, mostly on time
    else:
        back = rng.randrange(3, 90)
    day = _working_day_back(today, back)
    window = clerks(item.organisation_id, Role.HANDLER)
    channel, user, party = _applicant(rng, item, accounts)
    actor = user or window
    case = cases.case_start(actor=actor, item=item, channel=channel, party=party)
    if channel == Channel.ASSISTED:  # 帮办代办: submitted only under the applicant's recorded consent
        demo_counter.paper_consent(case, actor, day)
    # online, the platform fetches what it holds for the account's owner through the exchange (一表式填报)
    held = prefill.materials_held(applicant_user=user, item=item) if user is not None else []
    fetched = {h.material_id for h in held}
    for material in item.materials.all():
        if material.required == MaterialRequirement.ALWAYS and material.pk not in fetched:
            cases.material_attach(actor=actor, case=case, material_id=material.pk, filename="扫描件.pdf", data=PDF)
    post = _post(rng, case, party, day)
    case = _at(day, cases.case_submit, actor=actor, case=case, post=post, held=held)
    if plan == "submitted":
        return case
    if plan == "rejected":
        reason = "申请事项不属于本部门职责范围，请向属地部门申请（《中华人民共和国行政许可法》第三十二条）。"
        return _at(day, cases.case_reject, actor=window, case=case, reason=reason)
    if plan == "withdrawn":
        return cases.case_withdraw(actor=actor, case=case, reason="申请人不再办理")
    if plan == "supplementing" and (rng.random() < 0.4 or item.parts.exists()):  # before acceptance: no clock yet
        _at(day, cases.case_request_supplement, actor=window, case=case, missing=_missing(item))
        return case
    accepted = add_working_days(day, rng.choice([0, 0, 1]))
    case = _at(min(accepted, today), cases.case_accept, actor=window, case=case)
    return _work(rng, case, clerks, today, plan, accepted)


def _at(day: dt.date, step, **arguments):
    """Take a case step dated `day`, and date what it opened (tasks, to-dos, notices) that day, as if it happened
    then; the ledger keeps the real time of the load."""
    mark = timezone.now()
    result = step(**arguments, today=day)
    when = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 30)))
    if when < mark:
        workflow.UserTask.objects.filter(opened_at__gte=mark).update(opened_at=when)
        InboxItem.objects.filter(created_at__gte=mark).update(created_at=when)
        Notification.objects.filter(created_at__gte=mark).update(created_at=when)
    return result


def _missing(item: ServiceItem) -> list[dict]:
    names = [m.name for m in item.materials.all()][:2] or ["申请材料"]
    reasons = ["扫描件不清晰，请重新上传", "缺少申请人签字"]
    return [{"name": name, "reason": reason} for name, reason in zip(names, reasons, strict=False)]


def _work(rng, case: Case, clerks, today: dt.date, plan: str, accepted: dt.date) -> Case:
    """Run the accepted case's open tasks, part by part, until it reaches its planned state."""
    day = accepted
    lead_tasks = [t for t in _open(case) if not t.part]
    if plan == "supplementing" and case.status == CaseStatus.IN_PROGRESS and lead_tasks:
        worker = clerks(case.organisation_id, lead_tasks[0].role)
        _at(day, cases.case_request_supplement, actor=worker, case=case, missing=_missing(case.item))
        return case
    steps = 0
    late = rng.random() < 0.08
    while case.status == CaseStatus.IN_PROGRESS and steps < 8:
        steps += 1
        tasks = cases.actor_tasks(clerks(case.organisation_id, Role.LEADER), case) or _open(case)
        if not tasks:
            break
        task = tasks[0]
        kind = cases.task_kind(task.element_id)
        if plan == "reviewing" and (kind == "decide" or rng.random() < 0.5):
            break  # still on someone's desk (overdue for the oldest)
        day = min(add_working_days(day, rng.choice([0, 1, 1, 2])), today)
        if case.due_on and day > case.due_on and not late:
            day = max(case.due_on, accepted)  # most departments keep their promise; about one case in twelve not
        worker = clerks(task.organisation_id, task.role)
        if kind == "review":
            _at(day, cases.case_review, actor=worker, case=case, agreed=True, opinion="材料齐全，符合法定条件。")
        elif kind == "decide":
            refused = plan == "refused"
            reason = REFUSALS % case.item.basic.legal_basis.split("》")[0].strip("《") if refused else ""
            _at(day, cases.case_decide, actor=worker, case=case, approved=not refused, reason=reason)
        elif kind == "conclude":
            _at(day, cases.case_conclude, actor=worker, case=case)
        else:
            break
        case.refresh_from_db()
    if case.status == CaseStatus.CONCLUDED and case.concluded_on != day:
        Case.objects.filter(pk=case.pk).update(concluded_on=day)  # the day the step was taken, not the load's
    if case.status == CaseStatus.IN_PROGRESS and case.due_on and case.due_on < today and rng.random() < 0.6:
        cases.overdue_reason_set(
            actor=clerks(case.organisation_id, Role.HANDLER), case=case, reason=rng.choice(OVERDUE_REASONS)
        )
    return case


def _open(case: Case) -> list:
    return workflow.open_tasks(case.instance) if case.instance is not None else []


def _startup(clerks, accounts, today: dt.date) -> None:
    """One 企业开办 in progress: accepted and registered, the three parallel parts open."""
    item = (
        ServiceItem.objects.filter(status=ItemStatus.PUBLISHED, name=STARTUP, form__isnull=False).order_by("pk").first()
    )
    if item is None:
        return
    user = get_user_model().objects.filter(username=LEGAL_PERSONS[0][0]).first()
    party = identity.party_of(user) if user else None
    if party is None:
        return
    case = cases.case_start(actor=user, item=item, channel=Channel.ONLINE, party=party)
    for material in item.materials.filter(required=MaterialRequirement.ALWAYS):
        cases.material_attach(actor=user, case=case, material_id=material.pk, filename="章程.pdf", data=PDF)
    rng = random.Random(7)
    day = _working_day_back(today, 1)
    case = _at(day, cases.case_submit, actor=user, case=case, post=_post(rng, case, party, day))
    case = _at(day, cases.case_accept, actor=clerks(case.organisation_id, Role.HANDLER), case=case)
    for task in _open(case):
        if task.part == "registration":
            _at(
                today,
                cases.case_review,
                actor=clerks(task.organisation_id, task.role),
                case=case,
                agreed=True,
                opinion="已核准登记",
            )


def load_cases(rng: random.Random, *, target: int = TARGET) -> int:
    """About `target` cases over the published items with a form; returns how many the demo holds."""
    held = Case.objects.exclude(number__isnull=True).count()
    if held >= target:
        return held
    items = list(
        ServiceItem.objects.filter(
            status=ItemStatus.PUBLISHED, form__current__isnull=False, process__current__isnull=False
        )
        .select_related("basic", "organisation")
        .prefetch_related("materials")
        .order_by("pk")
    )
    items.sort(key=lambda i: not i.parts.exists())  # joint items first: the showcase has some
    if not items:
        return held
    users = get_user_model().objects.filter(username__regex=r"^(citizen|lp)\.")
    accounts: dict[str, list] = {Audience.PERSON: [], Audience.LEGAL_PERSON: []}
    for user in users.order_by("username"):
        party = identity.party_of(user)
        if party is not None:
            accounts[Audience.PERSON if party.kind == "citizen" else Audience.LEGAL_PERSON].append(user)
    clerks = _Clerks()
    today = _working_day_back(timezone.localdate(), 0)
    started = time.monotonic()
    for n in range(target - held):
        item = items[n % len(items)] if n < len(items) else rng.choice(items)
        _case(rng, item, clerks, accounts, today, _plan(rng, n), old=n in (0, 3))
        if n and n % 200 == 0:
            logger.info("demo cases: %s in %.0f s", n, time.monotonic() - started)
    if target >= 10:
        _startup(clerks, accounts, today)
        demo_payments.load(clerks, today)  # fees paid online and results mailed (R4.7)
    demo_counter.load_counter(clerks)
    demo_ratings.load_ratings(clerks, today)
    load_consultations(clerks, accounts, today)  # 网上咨询 and 预约 (R4.7)
    return Case.objects.exclude(number__isnull=True).count()
