"""Assigned tasks (督办) on the demo staff's workbench: one overdue, one due soon, one on time per handler.

Each is dated the working day it was assigned, and its deadline counted in working days from that date
(core.calendar), so the to-do's page reads "assigned 11-12, due 11-19", never a deadline before the assignment.
"""

import datetime as dt

from django.utils import timezone

from digigov.core import calendar
from digigov.core.choices import Role
from digigov.core.inbox import todo_assign
from digigov.core.models import InboxItem, Organisation

# (organisation key, title, working-day limit, calendar days ago it was assigned)
TASKS = [
    ("psb", "核对人口基础信息资源的信息项与更新周期", 5, 20),
    ("psb", "答复省政务办关于户籍数据共享频率的询问", 3, 2),
    ("psb", "整理本季度数据共享情况并报送", 10, 1),
    ("amr", "补充企业登记信息资源的共享条件说明", 5, 15),
    ("amr", "复核市场主体名录的统一社会信用代码", 10, 0),
    ("hrss", "更新社保参保信息资源的发布日期", 10, 3),
    ("wh-gov", "报送武汉市政务服务事项清单调整情况", 5, 1),
    ("ja-gov", "落实江岸区帮办代办窗口人员配置", 10, 2),
]


def load_todos(orgs: dict[str, Organisation]) -> None:
    if InboxItem.objects.filter(kind="core.task").exists():
        return
    today = timezone.localdate()
    for key, title, limit, days_ago in TASKS:
        start = calendar.add_working_days(today - dt.timedelta(days=days_ago), 0)
        if start > today:  # assigned "today" on a weekend: the last working day before it
            start = _last_working_day(today)
        item = todo_assign(
            actor=None,
            assignee_org=orgs[key],
            assignee_role=Role.HANDLER,
            title=title,
            working_days=limit,
            start=start,
        )
        assigned = timezone.make_aware(dt.datetime.combine(start, dt.time(9, 30)))
        InboxItem.objects.filter(pk=item.pk).update(created_at=assigned)  # auto_now_add: set the past date after


def _last_working_day(day: dt.date) -> dt.date:
    while not calendar.is_working_day(day):
        day -= dt.timedelta(days=1)
    return day
