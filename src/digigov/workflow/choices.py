from django.db import models
from django.utils.translation import gettext_lazy as _


class InstanceStatus(models.TextChoices):
    RUNNING = "running", _("Running")  # 运行中
    COMPLETED = "completed", _("Completed")  # 已结束
    CANCELLED = "cancelled", _("Cancelled")  # 已撤销


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open task")  # 待办
    DONE = "done", _("Done")  # 已办
    CANCELLED = "cancelled", _("Cancelled")  # 已撤销


class LaneScope(models.TextChoices):
    """Who works in a lane: the instance's own (lead) organisation, or the organisation its owner names for a part
    (a co-reviewing department of a joint approval)."""

    LEAD = "lead", _("Lead organisation")  # 牵头部门
    PART = "part", _("Co-reviewing organisation")  # 协办部门
