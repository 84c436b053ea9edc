"""A small known set of tickets for the analysis tests, whose figures are worked out by hand in `EXPECTED`.

Centre A (the setting's centre), today, division 江岸区 (420102, in 武汉市 420100):
- t1 complaint 住房保障 → 武汉市住房局 (dept1) replied in time, 满意, closed;
- t2 help → dept1, 不满意, reopened once, replied again, 基本满意, closed;
- t3 consultation → 江岸区城管局 (dept2) replied after its due date, 不满意, closed late;
- t4 consultation redirected (not taken), closed at once, no return visit;
- t5 complaint → dept2 handed it back (agreed), dispatched to dept1, not accepted, past its due date (overdue now);
and one ticket of another centre (closed), which no figure of centre A counts.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from digigov.core.models import Organisation
from digigov.core.tests.factories import DivisionFactory, OrganisationFactory
from digigov.hotline import services
from digigov.hotline.models import Assignment, Ticket
from digigov.hotline.tests.factories import Setting, housing_category, make_centre, officer, setting, ticket


@dataclass
class Known:
    s: Setting
    dept2: Organisation
    other_centre: Organisation
    other_agent: object
    tickets: dict[str, Ticket]


def _visit(s: Setting, t: Ticket, handler, satisfaction: str, reply: str = "已处理。") -> None:
    services.ticket_reply(actor=handler, ticket=t, reply=reply)
    services.reply_review(actor=s.supervisor, ticket=t, approve=True)
    services.ticket_visit(actor=s.agent, ticket=t, satisfaction=satisfaction)


def known() -> Known:
    from digigov.core.choices import Role

    s = setting()
    DivisionFactory(code="420200", name="黄石市", level="city", parent=DivisionFactory())
    housing = housing_category()
    dept2 = OrganisationFactory(name="江岸区城市管理执法局")
    handler2 = officer(Role.HANDLER, dept2, first_name="伟", last_name="陈")
    today = timezone.localdate()
    past = today - dt.timedelta(days=2)

    t1 = ticket(s, category_code=housing.code, content="公租房申请进度咨询无人答复。")
    services.ticket_dispatch(actor=s.agent, ticket=t1, department_id=s.department.pk)
    services.ticket_accept(actor=s.handler, ticket=t1)
    _visit(s, t1, s.handler, "satisfied")

    t2 = ticket(s, kind="help", content="小区停水两天，请求尽快恢复供水。")
    services.ticket_dispatch(actor=s.agent, ticket=t2, department_id=s.department.pk)
    services.ticket_accept(actor=s.handler, ticket=t2)
    _visit(s, t2, s.handler, "unsatisfied")
    services.ticket_reopen(actor=s.agent, ticket=t2, note="仍未供水")
    _visit(s, t2, s.handler, "fairly", reply="已恢复供水。")

    t3 = ticket(s, kind="consultation", content="占道经营如何处理？")
    services.ticket_dispatch(actor=s.agent, ticket=t3, department_id=dept2.pk)
    services.ticket_accept(actor=handler2, ticket=t3)
    Assignment.objects.filter(ticket=t3).update(due_on=past)  # the department replies after its due date
    _visit(s, t3, handler2, "unsatisfied")
    services.ticket_close(actor=s.agent, ticket=t3, note="已解释")
    Ticket.objects.filter(pk=t3.pk).update(due_on=past)  # closed late

    t4 = services.ticket_redirect(actor=s.agent, ticket=ticket(s, content="我要起诉邻居"), matter="litigation")

    t5 = ticket(s, content="噪音扰民，夜间施工。")
    services.ticket_dispatch(actor=s.agent, ticket=t5, department_id=dept2.pk)
    services.ticket_hand_back(actor=handler2, ticket=t5, reason="不属于本单位职责")
    services.hand_back_decide(actor=s.supervisor, ticket=t5, approve=True, note="同意")
    services.ticket_dispatch(actor=s.agent, ticket=t5, department_id=s.department.pk)
    Ticket.objects.filter(pk=t5.pk).update(due_on=past)
    Assignment.objects.filter(ticket=t5).update(due_on=past)

    other_centre = make_centre("另一市12345热线中心")
    other_agent = officer(Role.HANDLER, other_centre, first_name="丽", last_name="孙")
    t6 = services.ticket_create(
        actor=other_agent, kind="complaint", caller_name="赵女士", caller_phone="13900001111",
        division_code="420200", content="黄石某店拒绝退货。", category_code=housing.code,
    )  # fmt: skip
    services.ticket_redirect(actor=other_agent, ticket=t6, matter="petition")
    return Known(s, dept2, other_centre, other_agent, {"t1": t1, "t2": t2, "t3": t3, "t4": t4, "t5": t5, "t6": t6})


# Worked out by hand from the docstring above.
EXPECTED = {
    "registered": 5,
    "closed": 4,  # t1 t2 t3 t4
    "on_time": 3,  # t3 closed after its due date
    "visited": 3,  # t1 满意, t2 基本满意, t3 不满意 (t4 had no return visit)
    "satisfied": 2,
    "reopened": 1,  # t2
    "overdue_now": 1,  # t5
    "on_time_rate": 75.0,  # 3 / 4
    "satisfaction_rate": 66.7,  # 2 / 3
    "reopen_rate": 25.0,  # 1 / 4
}
