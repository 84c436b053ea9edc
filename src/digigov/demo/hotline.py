"""The 12345 hotline of the demo province (issue 13 item 10, R5.1): the centre 湖北省12345政务服务便民热线中心 named
in the rules, its agent, supervisor and leader, a handler in each department it dispatches to, the subject category
tree, routing rules, 216 published knowledge articles, and a year of tickets.

The year before today is loaded in bulk as the migration of the previous hotline system (one ledger entry,
`hotline.tickets.migrated`, for the batch; every ticket with its departments and its history): through the services
— each step a row lock, a history row and a ledger entry — a ticket's loop takes about 50 ms (eight minutes for
10,000) and every ticket would be dated today; in bulk the whole hotline part loads in about 40 s on SQLite.
Today's calls go through the services as an agent's would: registered, answered from the knowledge base,
dispatched, accepted, handed back, replied, reviewed and visited. Idempotent: nothing is added once the centre has
tickets.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from digigov.core import ledger
from digigov.core.choices import DivisionLevel, OrganisationKind, Role
from digigov.core.codegen import make_id_number, make_uscc
from digigov.core.models import Division, Membership, Organisation
from digigov.core.rules import rule, rule_set
from digigov.demo.hotline_texts import (
    ARTICLE_TOPICS,
    CATEGORIES,
    CATEGORY_WEIGHTS,
    COMPANIES,
    ESTATES,
    HAND_BACK_REASONS,
    HANDLER_OF,
    PLACES,
    POPULATION,
    REPLIES,
    REQUESTS,
    SHOPS,
    SURNAMES,
    UNSATISFIED_NOTES,
)
from digigov.demo.province import DEMO_PASSWORD, DemoAccount, staff_group
from digigov.hotline import api as hotline
from digigov.hotline.choices import AssignmentStatus, Resolution, TicketStatus
from digigov.hotline.services import routing_rule_save, ticket_hand_back
from digigov.knowledge import services as knowledge
from digigov.knowledge.api import Article, Category

CENTRE = "湖北省12345政务服务便民热线中心"
TICKETS = 10_000  # settings.DIGIGOV_DEMO_HOTLINE_TICKETS, `load_demo --hotline-tickets`
TODAY_SHARE = 0.006  # today's calls, through the services (60 of 10,000)

# (key, name, short name) of the departments the hotline dispatches to that the province demo lacks
DEPARTMENTS = [
    ("wh-housing", "武汉市住房和城市更新局", "武汉市住房局"),
    ("wh-transport", "武汉市交通运输局", "武汉市交通局"),
    ("wh-env", "武汉市生态环境局", "武汉市生态环境局"),
    ("wh-water", "武汉市水务局", "武汉市水务局"),
    ("wh-urban", "武汉市城市管理执法委员会", "武汉市城管委"),
]

ACCOUNTS = [
    DemoAccount("hotline.agent", "罗晓燕", "hotline", Role.HANDLER),  # 话务员
    DemoAccount("hotline.supervisor", "方志刚", "hotline", Role.REVIEWER),  # 班长: hand-backs, replies, analysis
    DemoAccount("hotline.leader", "汪海涛", "hotline", Role.LEADER),  # 中心主任: the weekly report
    DemoAccount("hotline.housing", "谭丽", "wh-housing", Role.HANDLER),
    DemoAccount("hotline.transport", "邹强", "wh-transport", Role.HANDLER),
    DemoAccount("hotline.env", "易文", "wh-env", Role.HANDLER),
    DemoAccount("hotline.water", "熊斌", "wh-water", Role.HANDLER),
    DemoAccount("hotline.urban", "雷鸣", "wh-urban", Role.HANDLER),
    DemoAccount("hotline.amr", "龚莉", "wh-amr", Role.HANDLER),
    DemoAccount("hotline.psb", "殷杰", "wh-psb", Role.HANDLER),
    DemoAccount("hotline.hrss", "黎娜", "hrss", Role.HANDLER),
    DemoAccount("hotline.edu", "向东", "edu", Role.HANDLER),
    DemoAccount("hotline.health", "葛琳", "health", Role.HANDLER),
    DemoAccount("hotline.ca", "柯敏", "ca", Role.HANDLER),
]

KINDS = [("consultation", 36), ("help", 20), ("complaint", 28), ("report", 5), ("suggestion", 8), ("praise", 3)]
CHANNELS = [("phone", 76), ("web", 9), ("app", 8), ("website_message", 5), ("api", 2)]
SATISFACTION = [("satisfied", 72), ("fairly", 17), ("unsatisfied", 11)]


def ticket_count() -> int:
    return getattr(settings, "DIGIGOV_DEMO_HOTLINE_TICKETS", TICKETS)


def _pick(rng: random.Random, weighted):
    items, weights = zip(*weighted, strict=True)
    return rng.choices(items, weights=weights)[0]


def load_hotline(rng: random.Random, orgs: dict[str, Organisation], *, target: int | None = None) -> list[DemoAccount]:
    """The whole hotline demo; returns its accounts (for the command's list)."""
    target = ticket_count() if target is None else target
    admin = get_user_model().objects.get(username="admin")
    orgs = {**orgs, **_organisations(rng, orgs)}
    users = _accounts(orgs)
    _rules(admin, orgs["hotline"])
    categories = _categories(admin)
    articles = _articles(admin, orgs, categories)
    _routing(users["hotline.supervisor"], orgs)
    if not hotline.Ticket.objects.filter(centre=orgs["hotline"]).exists():
        today_count = max(1, round(target * TODAY_SHARE)) if target else 0
        world = _World(rng, orgs, users, categories, articles)
        _migrate(world, admin, target - today_count)
        _today(world, today_count)
    return ACCOUNTS


def _organisations(rng: random.Random, orgs) -> dict[str, Organisation]:
    made = {}
    centre, _ = Organisation.objects.get_or_create(
        name=CENTRE,
        division_id="420000",
        parent=None,
        defaults={
            "short_name": "省12345热线中心",
            "kind": OrganisationKind.INSTITUTION,
            "uscc": make_uscc(random.Random(12345), division="420000", authority="1", category="2"),
        },
    )
    made["hotline"] = centre
    for key, name, short in DEPARTMENTS:
        made[key], _ = Organisation.objects.get_or_create(
            name=name,
            division_id="420100",
            parent=None,
            defaults={
                "short_name": short,
                "kind": OrganisationKind.DEPARTMENT,
                "uscc": make_uscc(random.Random(name), division="420100", authority="1", category="1"),
            },
        )
    return made


def _accounts(orgs) -> dict[str, object]:
    user_model = get_user_model()
    group = staff_group()
    users = {}
    for account in ACCOUNTS:
        user = user_model.objects.filter(username=account.username).first()
        if user is None:
            user = user_model(username=account.username)
            user.first_name = account.name
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(group)
        Membership.objects.get_or_create(user=user, organisation=orgs[account.org_key], role=account.role)
        users[account.username] = user
    return users


def _rules(admin, centre: Organisation) -> None:
    for key in ("hotline.centre_organisations", "knowledge.centre_organisations"):
        ids = {p.strip() for p in str(rule(key)).replace("，", ",").split(",") if p.strip()}
        if str(centre.pk) not in ids:
            rule_set(actor=admin, key=key, value=",".join(sorted(ids | {str(centre.pk)})))


def _categories(admin) -> dict[str, Category]:
    known = {c.code: c for c in Category.objects.all()}
    for order, (code, name, children) in enumerate(CATEGORIES, start=1):
        if code not in known:
            known[code] = knowledge.category_create(actor=admin, code=code, name=name, order=order)
        for child_order, (child, child_name) in enumerate(children, start=1):
            if child not in known:
                known[child] = knowledge.category_create(actor=admin, code=child, name=child_name, order=child_order)
    return known


def _articles(admin, orgs, categories) -> dict[str, list[int]]:
    """Six questions and answers for each second-level category (216), published through the knowledge services."""
    existing = set(Article.objects.values_list("title", flat=True))
    for code, _name, children in CATEGORIES:
        department = orgs[HANDLER_OF[code]]
        for child, child_name in children:
            for question, answer in ARTICLE_TOPICS:
                title = question.format(name=child_name)
                if title in existing:
                    continue
                article = knowledge.article_create(
                    actor=admin,
                    category=categories[child],
                    title=title,
                    answer=answer.format(name=child_name, department=department.name),
                    department=department,
                    keywords=f"{child_name} 12345",
                )
                knowledge.article_publish(actor=admin, article_id=article.pk)
    by_category: dict[str, list[int]] = defaultdict(list)
    for pk, code in Article.objects.filter(status="published").values_list("pk", "category__code"):
        by_category[code].append(pk)
    return by_category


def _routing(supervisor, orgs) -> None:
    have = set(hotline.RoutingRule.objects.values_list("category__code", "division_id"))
    for code, _name, _children in CATEGORIES:
        if (code, "420000") not in have:
            routing_rule_save(
                actor=supervisor, category_code=code, division_code="420000", department_id=orgs[HANDLER_OF[code]].pk
            )


class _World:
    """What every generated ticket draws from."""

    def __init__(self, rng, orgs, users, categories, articles):
        self.rng = rng
        self.centre = orgs["hotline"]
        self.orgs = orgs
        self.users = users
        self.agent = users["hotline.agent"]
        self.supervisor = users["hotline.supervisor"]
        self.handlers = {a.org_key: users[a.username] for a in ACCOUNTS if a.org_key != "hotline"}
        self.handler_of_org = {orgs[key].pk: user for key, user in self.handlers.items()}
        self.categories = categories
        self.articles = articles
        self.tops = [(code, CATEGORY_WEIGHTS[code]) for code, _n, _c in CATEGORIES]
        self.children = {code: [c for c, _n in children] for code, _n, children in CATEGORIES}
        counties = defaultdict(list)
        for code, parent in Division.objects.filter(level=DivisionLevel.COUNTY).values_list("code", "parent_id"):
            counties[parent].append(code)
        self.names = dict(Division.objects.filter(level__in=["city", "county"]).values_list("code", "name"))
        # a city's tickets fall in its counties; a unit the province administers directly is its own
        self.places = {city: counties.get(city) or [city] for city in POPULATION if city in self.names}
        self.cities = [(city, POPULATION[city]) for city in self.places]
        self.due_cache: dict[tuple, dt.date] = {}
        self.dispatched = 0

    def due(self, kind, urgency, day):
        key = (kind, urgency, day)
        if key not in self.due_cache:
            self.due_cache[key] = hotline.due_on(kind, urgency, day)
        return self.due_cache[key]

    def request(self):
        rng = self.rng
        top = _pick(rng, self.tops)
        category = rng.choice(self.children[top])
        division = rng.choice(self.places[_pick(rng, self.cities)])
        county = self.names.get(division, "")
        text = rng.choice(REQUESTS[top]).format(
            county=county,
            place=rng.choice(PLACES) + rng.choice(ESTATES),
            shop=rng.choice(SHOPS),
            company=rng.choice(COMPANIES),
            n=rng.randint(2, 9),
        )
        address = f"{county}{rng.choice(PLACES)}路{rng.randint(1, 300)}号"
        kind = _pick(rng, KINDS)
        if "咨询" in text[:8] and kind not in ("consultation", "help"):
            kind = "consultation"
        return top, category, division, text, address, kind

    def caller(self):
        rng = self.rng
        name = rng.choice(SURNAMES) + rng.choice(["先生", "女士"])
        phone = rng.choice(["138", "139", "150", "151", "158", "186", "187", "189", "135", "177"]) + "".join(
            str(rng.randrange(10)) for _ in range(8)
        )
        id_number = make_id_number(rng, region="420102") if rng.random() < 0.2 else ""
        return name, phone, id_number


def _at(day: dt.date, hour: float) -> dt.datetime:
    zone = timezone.get_current_timezone()
    return dt.datetime.combine(day, dt.time.min, tzinfo=zone) + dt.timedelta(hours=hour)


def _migrate(world: _World, admin, count: int) -> None:
    """The year before today from the previous hotline system, in bulk: tickets, assignments and history."""
    if count <= 0:
        return
    rng = world.rng
    today = timezone.localdate()
    days = sorted(today - dt.timedelta(days=rng.randint(1, 365)) for _ in range(count))
    per_day: dict[dt.date, int] = defaultdict(int)
    tickets, plans = [], []
    for day in days:
        per_day[day] += 1
        top, category, division, text, address, kind = world.request()
        urgency = "urgent" if rng.random() < 0.04 else "normal"
        name, phone, id_number = world.caller()
        created = _at(day, rng.uniform(8, 21))
        ticket = hotline.Ticket(
            number=f"RX{day:%Y%m%d}{per_day[day]:04d}",
            centre=world.centre,
            channel=_pick(rng, CHANNELS),
            kind=kind,
            urgency=urgency,
            caller_name=name,
            caller_phone=phone,
            caller_id_number=id_number,
            division_id=division,
            address=address,
            content=text,
            category=world.categories[category],
            due_on=world.due(kind, urgency, day),
            taken_by=world.agent,
            created_at=created,
        )
        plans.append(_plan(world, ticket, top, category, today))
        tickets.append(ticket)
    hotline.Ticket.objects.bulk_create(tickets, batch_size=1000)
    assignments, events = [], []
    for ticket, plan in zip(tickets, plans, strict=True):
        for values in plan["assignments"]:
            assignments.append(hotline.Assignment(ticket=ticket, **values))
        for action, status, at, department, note, article in plan["events"]:
            by_department = action in ("accept", "hand_back", "reply")
            actor = world.handler_of_org.get(department.pk) if by_department else world.agent
            if action in ("approve_hand_back", "approve_reply"):
                actor = world.supervisor
            events.append(
                hotline.TicketEvent(
                    ticket=ticket,
                    action=action,
                    actor=actor,
                    actor_name=actor.first_name,
                    organisation=department if by_department else world.centre,
                    department=department,
                    status_after=status,
                    note=note,
                    article_id=article,
                    at=at,
                )  # fmt: skip
            )
    hotline.Assignment.objects.bulk_create(assignments, batch_size=1000)
    hotline.TicketEvent.objects.bulk_create(events, batch_size=2000)
    ledger.record(
        action="hotline.tickets.migrated",
        actor=admin,
        organisation=world.centre,
        after={
            "count": len(tickets),
            "source": "原12345热线系统",
            "from": days[0].isoformat(),
            "to": days[-1].isoformat(),
        },
    )


def _plan(world: _World, ticket, top: str, category: str, today: dt.date) -> dict:
    """What happened to one migrated ticket: its final state on the ticket, its departments and its steps."""
    rng = world.rng
    created = ticket.created_at
    events = [("create", TicketStatus.NEW, created, None, "", None)]
    plan = {"assignments": [], "events": events}
    minutes = dt.timedelta(minutes=rng.randint(2, 15))
    articles = world.articles.get(category) or []
    if ticket.kind == "consultation" and articles and rng.random() < 0.6:  # answered from the knowledge base
        article = rng.choice(articles)
        ticket.status, ticket.resolution, ticket.article_id = TicketStatus.CLOSED, Resolution.ANSWERED_AT_ONCE, article
        ticket.answer, ticket.closed_at = "已根据知识库答复来电人。", created + minutes
        events.append(("answer", TicketStatus.CLOSED, ticket.closed_at, None, "", article))
        return plan
    if rng.random() < 0.025:
        ticket.status, ticket.resolution, ticket.not_taken = TicketStatus.CLOSED, Resolution.REDIRECTED, "petition"
        ticket.answer, ticket.closed_at = "该事项属于信访事项，已告知来电人通过信访渠道反映。", created + minutes
        events.append(("redirect", TicketStatus.CLOSED, ticket.closed_at, None, "", None))
        return plan
    department = world.orgs[HANDLER_OF[top]]
    handler = world.handlers.get(HANDLER_OF[top])
    at = created + minutes
    if rng.random() < 0.06:  # first sent to the wrong department, which handed it back
        wrong_key = rng.choice([k for k in set(HANDLER_OF.values()) if k != HANDLER_OF[top]])
        wrong = world.orgs[wrong_key]
        reason = rng.choice(HAND_BACK_REASONS)
        plan["assignments"].append(
            {
                "department": wrong,
                "lead": True,
                "status": AssignmentStatus.ENDED,
                "assigned_at": at,
                "hand_back_until": at + dt.timedelta(hours=2),
                "due_on": ticket.due_on,
                "hand_back_reason": reason,
            }  # fmt: skip
        )
        events += [
            ("dispatch", TicketStatus.DISPATCHED, at, wrong, "", None),
            ("hand_back", TicketStatus.HANDED_BACK, at + dt.timedelta(minutes=50), wrong, reason, None),
            ("approve_hand_back", TicketStatus.NEW, at + dt.timedelta(minutes=80), wrong, "同意退单", None),
        ]
        at += dt.timedelta(minutes=90)
    accepted = at + dt.timedelta(minutes=rng.randint(10, 100))
    events.append(("dispatch", TicketStatus.DISPATCHED, at, department, "请按职责办理并及时答复。", None))
    assignment = {
        "department": department, "lead": True, "status": AssignmentStatus.PENDING, "assigned_at": at,
        "hand_back_until": at + dt.timedelta(hours=2), "due_on": ticket.due_on, "handled_by": handler,
    }  # fmt: skip
    plan["assignments"].append(assignment)
    late = rng.random() < 0.08
    limit_end = max(ticket.due_on, timezone.localtime(accepted).date())
    if late:
        reply_day = limit_end + dt.timedelta(days=rng.randint(1, 6))
    else:
        reply_day = timezone.localtime(accepted).date() + dt.timedelta(
            days=rng.randint(0, max(0, (limit_end - timezone.localtime(accepted).date()).days))
        )
    replied = max(_at(reply_day, rng.uniform(9, 17)), accepted + dt.timedelta(minutes=30))
    world.dispatched += 1
    overdue_now = ticket.due_on < today and world.dispatched % 80 == 0  # still open past its due date
    if replied.date() >= today or overdue_now:  # still open
        ticket.status = TicketStatus.DISPATCHED
        if rng.random() < 0.7:
            assignment.update(status=AssignmentStatus.ACCEPTED, accepted_at=accepted)
            ticket.status = TicketStatus.HANDLING
            events.append(("accept", TicketStatus.HANDLING, accepted, department, "", None))
        return plan
    reply = rng.choice(REPLIES).format(n=rng.randint(2, 5))
    assignment.update(status=AssignmentStatus.ENDED, accepted_at=accepted, reply=reply, replied_at=replied)
    reviewed = replied + dt.timedelta(minutes=rng.randint(20, 120))
    visited = reviewed + dt.timedelta(minutes=rng.randint(20, 180))
    events += [
        ("accept", TicketStatus.HANDLING, accepted, department, "", None),
        ("reply", TicketStatus.REPLIED, replied, department, reply, None),
        ("approve_reply", TicketStatus.VISITING, reviewed, department, "", None),
    ]
    satisfaction = _pick(rng, SATISFACTION)
    ticket.answer = reply
    if satisfaction == "unsatisfied" and rng.random() < 0.5:  # reopened once, answered again
        note = rng.choice(UNSATISFIED_NOTES)
        reopened = visited + dt.timedelta(minutes=30)
        ticket.reopen_count = 1
        ticket.due_on = world.due(ticket.kind, ticket.urgency, timezone.localtime(reopened).date())
        again = max(_at(ticket.due_on, rng.uniform(9, 16)) - dt.timedelta(days=rng.randint(0, 2)), reopened)
        if again.date() >= today:
            again = reopened + dt.timedelta(hours=3)
        reply2 = rng.choice(REPLIES).format(n=rng.randint(2, 5))
        assignment.update(reply=reply2, replied_at=again, due_on=ticket.due_on)
        events += [
            ("visit", TicketStatus.UNSATISFIED, visited, None, note, None),
            ("reopen", TicketStatus.HANDLING, reopened, department, note, None),
            ("reply", TicketStatus.REPLIED, again, department, reply2, None),
            ("approve_reply", TicketStatus.VISITING, again + dt.timedelta(minutes=40), department, "", None),
        ]
        visited = again + dt.timedelta(minutes=rng.randint(60, 240))
        satisfaction = _pick(rng, [("satisfied", 45), ("fairly", 35), ("unsatisfied", 20)])
        ticket.answer = reply2
    ticket.satisfaction, ticket.resolution = satisfaction, Resolution.HANDLED
    ticket.status = TicketStatus.CLOSED
    if satisfaction == "unsatisfied":
        events.append(("visit", TicketStatus.UNSATISFIED, visited, None, rng.choice(UNSATISFIED_NOTES), None))
        visited += dt.timedelta(minutes=30)
        events.append(("close", TicketStatus.CLOSED, visited, None, "已向来电人解释相关政策", None))
    else:
        events.append(("visit", TicketStatus.CLOSED, visited, None, "", None))
    ticket.closed_at = visited
    return plan


def _today(world: _World, count: int) -> None:
    """Today's calls through the services, left at every step of the loop for the agents and departments to try."""
    rng = world.rng
    for n in range(count):
        top, category, division, text, address, kind = world.request()
        name, phone, id_number = world.caller()
        ticket = hotline.ticket_create(
            actor=world.agent, kind=kind, caller_name=name, caller_phone=phone, caller_id_number=id_number,
            division_code=division, address=address, content=text, category_code=category,
            channel=_pick(rng, CHANNELS[:4]),
        )  # fmt: skip
        step = n % 8
        articles = world.articles.get(category) or []
        if step == 0 and articles:
            hotline.ticket_answer(actor=world.agent, ticket=ticket, article_id=rng.choice(articles))
            continue
        if step == 1:
            continue  # waiting for dispatch
        department = world.orgs[HANDLER_OF[top]]
        handler = world.handlers[HANDLER_OF[top]]
        hotline.ticket_dispatch(actor=world.agent, ticket=ticket, department_id=department.pk)
        if step == 2:
            continue  # waiting to be accepted
        if step == 3:
            ticket_hand_back(actor=handler, ticket=ticket, reason=rng.choice(HAND_BACK_REASONS))
            continue  # the supervisor decides
        hotline.ticket_accept(actor=handler, ticket=ticket)
        if step == 4:
            continue  # being handled
        hotline.ticket_reply(actor=handler, ticket=ticket, reply=rng.choice(REPLIES).format(n=3))
        if step == 5:
            continue  # the reply waits for review
        hotline.reply_review(actor=world.supervisor, ticket=ticket, approve=True)
        if step == 6:
            continue  # waiting for the return visit
        hotline.ticket_visit(actor=world.agent, ticket=ticket, satisfaction=_pick(rng, SATISFACTION))
