"""The information resource library (统一信息资源库, 先入库、后使用, R8.1): every article, policy document and
interpretation is stored once, with its metadata, by the unit that owns it, and published into the columns of one
or more sites by reference (`Placement`). A provincial policy on every city portal's 政策文件 column is one item and
several placements; withdrawing the item withdraws it everywhere.

Items are Wagtail snippets with drafts, revisions, scheduled publishing and expiry (`DraftStateMixin`,
`RevisionMixin`), so the back office gives them the same edit, compare and schedule screens as pages.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin
from wagtail.search import index

from digigov.websites.choices import DisclosureMode, ItemKind, Topic, Validity

BODY_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link", "image", "hr"]


class LibraryItemQuerySet(models.QuerySet):
    def public(self):
        """What a visitor may read: published (Wagtail's `live`) and not expired."""
        return self.filter(live=True)


class LibraryItem(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, ClusterableModel):
    """One piece of content in the resource library, with the 政府信息公开 core metadata (R8.8)."""

    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices, default=ItemKind.ARTICLE)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = RichTextField(_("body"), features=BODY_FEATURES, blank=True)
    owner = models.ForeignKey(
        "core.Organisation", verbose_name=_("owning unit"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("source"), max_length=100, blank=True)  # 来源 (ContentSource)
    index_number = models.CharField(_("index number"), max_length=40, unique=True, null=True, blank=True)  # 索引号
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices, default=Topic.GENERAL)  # 主题分类
    disclosure_mode = models.CharField(  # 公开方式
        _("disclosure mode"), max_length=20, choices=DisclosureMode.choices, default=DisclosureMode.ACTIVE
    )
    # policy documents (政策文件)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)  # 发文字号
    written_on = models.DateField(_("date written"), null=True, blank=True)  # 成文日期
    issuer = models.CharField(_("issuing body"), max_length=100, blank=True)  # 发布机构
    validity = models.CharField(_("validity"), max_length=20, choices=Validity.choices, blank=True)  # 有效性
    # an interpretation names the policy it explains (R8.3); the policy lists its interpretations
    interprets = models.ForeignKey(
        "self",
        verbose_name=_("interprets"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interpretations",
        limit_choices_to={"kind": ItemKind.POLICY},
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    attachments = ParentalManyToManyField("wagtaildocs.Document", verbose_name=_("attachments"), blank=True)
    created_by = models.ForeignKey(
        "auth.User", verbose_name=_("created by"), on_delete=models.PROTECT, null=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(_("date stored"), auto_now_add=True)
    updated_at = models.DateTimeField(_("date changed"), auto_now=True)

    objects = LibraryItemQuerySet.as_manager()

    search_fields = [index.SearchField("title"), index.SearchField("document_number"), index.FilterField("owner")]

    class Meta:
        verbose_name = _("library item")
        verbose_name_plural = _("library items")
        indexes = [models.Index(fields=["kind", "live", "first_published_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def published_on(self):
        """发布日期 shown on pages and in the PubDate meta tag."""
        when = self.first_published_at or self.go_live_at
        return when.date() if when else None


class Placement(models.Model):
    """An item published by reference into a column (先入库、后使用): the column's site shows the item at its own
    address and with its own meta tags. A withdrawn placement stays as history; a live one is unique per column."""

    item = models.ForeignKey(LibraryItem, on_delete=models.CASCADE, related_name="placements")
    column = models.ForeignKey("websites.ColumnPage", on_delete=models.CASCADE, related_name="placements")
    pinned = models.BooleanField(_("pinned to the top"), default=False)  # 置顶
    placed_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, null=True, related_name="+")
    placed_at = models.DateTimeField(_("placed"))
    withdrawn_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # 转载: another unit's item placed on this site carries the confidentiality review (保密审查) of this site's unit
    review_basis = models.TextField(_("basis of the confidentiality review"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "column"], condition=Q(withdrawn_at__isnull=True), name="one_live_placement_per_column"
            )
        ]
        indexes = [models.Index(fields=["column", "withdrawn_at", "pinned", "placed_at"])]

    def __str__(self) -> str:
        return f"{self.item} → {self.column}"
