"""The knowledge base's fixed lists (GB/T 44191); other apps may import this module."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleStatus(models.TextChoices):
    """Where an article stands: only a published one answers callers and citizens."""

    DRAFT = "draft", _("Draft (article)")  # 草稿
    PUBLISHED = "published", _("Published (article)")  # 已发布
    WITHDRAWN = "withdrawn", _("Withdrawn (article)")  # 已下架
