"""The 12345 knowledge base (S5: R5.1; GB/T 44191): the subject category tree that tickets and articles share, and
the articles that answer a caller at once (直接办结) or brief the agent.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digigov.core.permissions import OrgScopedQuerySet
from digigov.knowledge import search
from digigov.knowledge.choices import ArticleStatus


class Category(models.Model):
    """事项分类: one node of the subject category tree, kept as data (importable from Excel). `code` is the node's
    full code, its parent's code and two more digits (01, 0103, 010302)."""

    code = models.CharField(_("category code"), max_length=20, unique=True)
    name = models.CharField(_("category name"), max_length=60)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent category"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("subject category")
        verbose_name_plural = _("subject categories")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ArticleQuerySet(OrgScopedQuerySet):
    org_field = "department"

    def published(self):
        return self.filter(status=ArticleStatus.PUBLISHED)

    def in_force(self, on=None):
        """Published and valid on `on` (today): what answers a caller (GB/T 44191)."""
        on = on or timezone.localdate()
        return (
            self.published()
            .filter(models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=on))
            .filter(models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=on))
        )


class Article(models.Model):
    """知识: one answer, owned by the department that vouches for it, valid for a period and reviewed by a date."""

    category = models.ForeignKey(
        Category, verbose_name=_("subject category"), on_delete=models.PROTECT, related_name="articles"
    )
    title = models.CharField(_("article title"), max_length=200)
    keywords = models.CharField(_("keywords"), max_length=200, blank=True)
    answer = models.TextField(_("answer"))
    department = models.ForeignKey(
        "core.Organisation", verbose_name=_("owning department"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT, db_index=True
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    review_on = models.DateField(_("review by"), null=True, blank=True)
    used_count = models.PositiveIntegerField(_("times used"), default=0)
    helped_count = models.PositiveIntegerField(_("marked helpful"), default=0)
    not_helped_count = models.PositiveIntegerField(_("marked not helpful"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("last changed by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("knowledge article")
        verbose_name_plural = _("knowledge articles")
        ordering = ["category__code", "title"]
        indexes = [models.Index(fields=["status", "review_on"], name="knowledge_article_review")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        """Saved with its search text: the title, keywords, answer and category name segmented into the full-text
        index (`knowledge.search`) in the same transaction, whoever saves it (services, factories, the demo)."""
        super().save(*args, **kwargs)
        search.index(self.pk, self.title, self.keywords, self.answer, self.category.name, using=kwargs.get("using"))

    def delete(self, *args, **kwargs):
        pk = self.pk
        result = super().delete(*args, **kwargs)
        search.remove(pk, using=kwargs.get("using"))
        return result
