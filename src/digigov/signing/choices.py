"""Choices of the electronic seals (R7.1) that other apps may import: what a seal is and where it stands."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SealKind(models.TextChoices):
    """公章, 业务专用章 (with its use, e.g. 电子证照专用章) and 名称章."""

    OFFICIAL = "official", _("Official seal")  # 公章
    BUSINESS = "business", _("Business-specific seal")  # 业务专用章
    NAME = "name", _("Name seal")  # 名称章


class SealStatus(models.TextChoices):
    """启用, 停用, 挂失, 注销: only an active seal signs; a lost or cancelled one is on the revocation list."""

    ACTIVE = "active", _("Seal in use")  # 启用
    SUSPENDED = "suspended", _("Seal suspended")  # 停用
    LOST = "lost", _("Seal reported lost")  # 挂失
    CANCELLED = "cancelled", _("Seal cancelled")  # 注销


REVOKED_STATUSES = (SealStatus.LOST, SealStatus.CANCELLED)


class SealRequestAction(models.TextChoices):
    """What an organisation administrator asks the platform operator to approve."""

    MAKE = "make", _("Make a seal")  # 制作
    SUSPEND = "suspend", _("Suspend the seal")  # 停用
    RESUME = "resume", _("Resume the seal")  # 启用
    REPORT_LOST = "report_lost", _("Report the seal lost")  # 挂失
    CANCEL = "cancel", _("Cancel the seal")  # 注销
    REISSUE = "reissue", _("Re-issue the seal")  # 重新制作


class SealRequestState(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved and done")
    REJECTED = "rejected", _("Not approved")
