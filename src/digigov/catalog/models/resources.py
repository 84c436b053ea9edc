from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from digigov.catalog.choices import (
    BaseTopic,
    CatalogueCategory,
    ItemDataType,
    LegalBasisKind,
    OpenType,
    ResourceFormat,
    ResourceStatus,
    SensitiveKind,
    ShareMethod,
    ShareType,
    UpdateCycle,
)
from digigov.core.permissions import OrgScopedQuerySet


class Classification(models.Model):
    """A node of the catalogue's classification: 类 / 项 / 目 / 细目 (发改高技〔2017〕1272号).

    `code` is the node's full front-segment code (前段码), built from its ancestors' codes and its own segment.
    """

    LEVELS = {1: _("Class"), 2: _("Item"), 3: _("Category"), 4: _("Sub-category")}  # 类 项 目 细目

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.PositiveSmallIntegerField(_("level"))
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    category = models.CharField(_("category"), max_length=20, choices=CatalogueCategory.choices)
    base_topic = models.CharField(_("base topic"), max_length=30, choices=BaseTopic.choices, blank=True)
    organisation = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The department a departmental item (部门 项) belongs to."),
    )

    class Meta:
        verbose_name = _("classification")
        verbose_name_plural = _("classifications")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ResourceQuerySet(OrgScopedQuerySet):
    org_field = "provider"

    def published(self):
        return self.filter(status=ResourceStatus.PUBLISHED)


class Resource(models.Model):
    """A government information resource of the catalogue (政务信息资源, R1.1).

    The row holds what the catalogue serves; each publication freezes a `ResourceVersion`. Before the first
    publication the row is also the working copy; a published resource is revised in `revision` (a snapshot of the
    same shape) so that exchange keeps serving the published fields and items until the revision is published.
    """

    code = models.CharField(
        _("resource code"), max_length=40, unique=True, help_text=_("Front segment/back segment (前段码/后段码)")
    )
    classification = models.ForeignKey(
        Classification, verbose_name=_("classification"), on_delete=models.PROTECT, related_name="resources"
    )
    name = models.CharField(_("name"), max_length=200)
    provider = models.ForeignKey(
        "core.Organisation", verbose_name=_("provider"), on_delete=models.PROTECT, related_name="catalogue_resources"
    )
    summary = models.TextField(_("summary"))
    format = models.CharField(_("format"), max_length=20, choices=ResourceFormat.choices)
    share_type = models.CharField(_("share type"), max_length=20, choices=ShareType.choices)
    share_conditions = models.TextField(_("share conditions"), blank=True)
    share_method = models.CharField(_("share method"), max_length=20, choices=ShareMethod.choices)
    legal_basis_kind = models.CharField(
        _("kind of legal basis"), max_length=20, choices=LegalBasisKind.choices, blank=True
    )
    legal_basis = models.TextField(
        _("legal basis"), blank=True, help_text=_("The article that makes sharing conditional or excludes it.")
    )
    open_type = models.CharField(_("open type"), max_length=20, choices=OpenType.choices)
    update_cycle = models.CharField(_("update cycle"), max_length=20, choices=UpdateCycle.choices)
    release_date = models.DateField(_("release date"), null=True, blank=True)
    related_codes = models.JSONField(_("related resource codes"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ResourceStatus.choices, default=ResourceStatus.DRAFT)
    version = models.PositiveIntegerField(_("published version"), default=0)
    review_comment = models.TextField(_("review comment"), blank=True)
    revision_status = models.CharField(
        _("revision status"), max_length=20, choices=ResourceStatus.choices, blank=True, default=""
    )
    revision = models.JSONField(
        _("revision in progress"),
        null=True,
        blank=True,
        help_text=_("Working copy of a published resource being revised; the published fields keep serving."),
    )
    mounted_at = models.DateTimeField(
        _("mounted at"), null=True, blank=True, help_text=_("Set while an active data service is mounted (挂接).")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("catalogue resource")
        verbose_name_plural = _("catalogue resources")
        ordering = ["code"]
        indexes = [models.Index(fields=["provider", "status"]), models.Index(fields=["share_type", "status"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ResourceCodeSequence(models.Model):
    """The last back-segment number (后段码) given under one front-segment code; numbers are never reused."""

    prefix = models.CharField(_("front-segment code"), max_length=20, unique=True)
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("resource code sequence")
        verbose_name_plural = _("resource code sequences")

    def __str__(self) -> str:
        return f"{self.prefix}: {self.last}"


class InformationItem(models.Model):
    """信息项: one field of a resource, typed by the national data-type list.

    `element` names the data element the item carries (e.g. 公民身份号码); with `is_authoritative` the provider
    claims to be its single source (一数一源, R1.6).
    """

    resource = models.ForeignKey(Resource, verbose_name=_("resource"), on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=100)
    identifier = models.SlugField(_("identifier"), max_length=60, help_text=_("Field name in data services."))
    data_type = models.CharField(_("data type"), max_length=1, choices=ItemDataType.choices)
    length = models.PositiveIntegerField(_("length"), null=True, blank=True)
    sensitive = models.CharField(_("sensitivity"), max_length=20, choices=SensitiveKind.choices, blank=True)
    is_key = models.BooleanField(_("query key"), default=False)
    element = models.CharField(_("data element"), max_length=100, blank=True)
    is_authoritative = models.BooleanField(_("authoritative source"), default=False)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("information item")
        verbose_name_plural = _("information items")
        ordering = ["resource_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "identifier"], name="catalog_item_unique_identifier"),
        ]

    def __str__(self) -> str:
        return self.name


class ResourceVersion(models.Model):
    """A published version of a resource, frozen as a snapshot of its fields and items; versions are diffable."""

    resource = models.ForeignKey(
        Resource, verbose_name=_("resource"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("snapshot"))
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("resource version")
        verbose_name_plural = _("resource versions")
        ordering = ["resource_id", "-number"]
        constraints = [models.UniqueConstraint(fields=["resource", "number"], name="catalog_version_unique")]

    def __str__(self) -> str:
        return f"{self.resource.code} v{self.number}"
