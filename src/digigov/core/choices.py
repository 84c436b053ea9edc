"""Constants of the shared kernel, with Chinese labels through gettext."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DivisionLevel(models.TextChoices):
    """Five administrative levels (R0.1)."""

    PROVINCE = "province", _("Province")  # 省
    CITY = "city", _("City")  # 市
    COUNTY = "county", _("County")  # 县
    TOWNSHIP = "township", _("Township")  # 乡
    VILLAGE = "village", _("Village")  # 村


class OrganisationKind(models.TextChoices):
    DEPARTMENT = "department", _("Government department")  # 政务部门
    INSTITUTION = "institution", _("Public institution")  # 事业单位
    INTERNAL_UNIT = "internal_unit", _("Internal unit")  # 内设机构


class Role(models.TextChoices):
    """Staff roles; every permission check names one or more of these and an organisation."""

    PLATFORM_ADMIN = "platform_admin", _("Platform administrator")
    ORG_ADMIN = "org_admin", _("Organisation administrator")
    HANDLER = "handler", _("Handler")  # 经办人
    REVIEWER = "reviewer", _("Reviewer")  # 审核人
    LEADER = "leader", _("Leader")  # 领导


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Public holiday")  # 法定节假日
    MAKEUP_WORKDAY = "makeup_workday", _("Make-up workday")  # 调休上班


class CalendarSource(models.TextChoices):
    CHINESE_CALENDAR = "chinese_calendar", _("Published State Council schedule (chinese-calendar)")
    MANUAL = "manual", _("Entered by the platform administrator")


class DeadlineState(models.TextChoices):
    NORMAL = "normal", _("On time")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")


class JobStatus(models.TextChoices):
    """Where a background job (后台任务) stands; the progress page shows it."""

    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
