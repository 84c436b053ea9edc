from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceKind(models.TextChoices):
    UPSTREAM_API = "upstream_api", _("Upstream HTTP API")  # 部门接口
    HOSTED_TABLE = "hosted_table", _("Table hosted by the platform")  # 平台托管库表


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", _("Available")  # 正常
    INTERRUPTED = "interrupted", _("Interrupted")  # 中断
    RETIRED = "retired", _("Retired")  # 已停用


class TableSource(models.TextChoices):
    UPLOAD = "upload", _("Uploaded file")  # 上传
    SYNC = "sync", _("Synchronised")  # 同步


class ApplicationStatus(models.TextChoices):
    """States of a share application (共享申请, R1.4–R1.5); transitions live in `exchange.lifecycle`."""

    OPERATOR_CHECK = "operator_check", _("Awaiting platform operator's check")  # 待平台审核
    PROVIDER_REVIEW = "provider_review", _("Awaiting provider's answer")  # 待提供方答复
    GRANTED = "granted", _("Granted")  # 已授权
    REFUSED = "refused", _("Refused by the provider")  # 提供方不予同意
    RETURNED = "returned", _("Returned by the platform operator")  # 平台退回
    WITHDRAWN = "withdrawn", _("Withdrawn by the consumer")  # 已撤回


class CallStatus(models.TextChoices):
    OK = "ok", _("Served")
    REFUSED = "refused", _("Refused")
    UPSTREAM_ERROR = "upstream_error", _("Data service failed")
    FAILED = "failed", _("Gateway fault")  # a fault of the gateway itself: nothing served, the call still logged


class ErrorReportStatus(models.TextChoices):
    """纠错 (R1.7)."""

    SUBMITTED = "submitted", _("Awaiting the provider")  # 待核实
    CORRECTED = "corrected", _("Confirmed and corrected")  # 已核实更正
    CONFIRMED_CORRECT = "confirmed_correct", _("Data confirmed correct")  # 经核实数据无误
