from django.db import models
from django.utils.translation import gettext_lazy as _


class UseKind(models.TextChoices):
    """How an open dataset was taken: counted on its page, and limited per address."""

    DOWNLOAD = "download", _("Download")  # 下载
    API = "api", _("API call")  # 接口调用


class DataFormat(models.TextChoices):
    CSV = "csv", "CSV"
    JSON = "json", "JSON"
