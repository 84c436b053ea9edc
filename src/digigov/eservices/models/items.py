"""The service-item catalogue (政务服务事项目录, R4.1): basic items, the implementation list with its guides, the
materials and joint parts of each item, and the themes the public hall groups them under."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from digigov.core.permissions import OrgScopedQuerySet
from digigov.eservices.choices import (
    Audience,
    ItemKind,
    ItemStatus,
    KeyKind,
    MaterialFormat,
    MaterialRequirement,
    MaterialSource,
    OnlineDepth,
    Substitute,
)


class Theme(models.Model):
    """主题: a life event (个人: 出生, 就业 …) or an enterprise event (法人: 开办 …) the hall lists items under."""

    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["audience", "order", "code"]

    def __str__(self) -> str:
        return self.name


class BasicItem(models.Model):
    """基本目录: one entry per national basic code (基本编码), the same wherever the item is implemented."""

    basic_code = models.CharField(_("basic code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("item kind"), max_length=20, choices=ItemKind.choices)
    legal_basis = models.TextField(_("legal basis (设定依据)"))

    class Meta:
        verbose_name = _("basic item")
        verbose_name_plural = _("basic items")
        ordering = ["basic_code"]

    def __str__(self) -> str:
        return f"{self.basic_code} {self.name}"


class ServiceItemQuerySet(OrgScopedQuerySet):
    def published(self):
        return self.filter(status=ItemStatus.PUBLISHED)


class ServiceItem(models.Model):
    """实施清单 entry: a basic item as one organisation in one division implements it, with its guide (办事指南).

    As a catalogue resource does: the row holds what the hall serves; each publication freezes a
    `ServiceItemVersion`; a published item is revised in `revision` (a snapshot of the same shape, under review)
    while the published guide keeps serving."""

    basic = models.ForeignKey(BasicItem, verbose_name=_("basic item"), on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("implementing department"), on_delete=models.PROTECT, related_name="+"
    )
    division = models.ForeignKey(
        "core.Division", verbose_name=_("division"), on_delete=models.PROTECT, related_name="+"
    )
    implementation_code = models.CharField(_("implementation code"), max_length=40, unique=True)
    name = models.CharField(_("item name"), max_length=200)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="items")
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    conditions = models.TextField(_("conditions of application"), blank=True)  # 申请条件
    procedure = models.TextField(_("procedure"), blank=True)  # 办理流程
    legal_days = models.PositiveSmallIntegerField(_("legal time limit (working days)"), default=0)
    promised_days = models.PositiveSmallIntegerField(_("promised time limit (working days)"), default=0)
    fee = models.JSONField(_("fees"), default=list, blank=True)  # [] free; [{"name", "basis", "amount_fen"}]
    visits = models.PositiveSmallIntegerField(_("on-site visits"), default=1)
    online_depth = models.PositiveSmallIntegerField(
        _("online depth"), choices=OnlineDepth.choices, default=OnlineDepth.ONE
    )
    place = models.CharField(_("where to apply"), max_length=300, blank=True)
    hours = models.CharField(_("office hours"), max_length=200, blank=True)
    consult_phone = models.CharField(_("enquiry phone"), max_length=40, blank=True)
    complaint_phone = models.CharField(_("complaint phone"), max_length=40, blank=True)
    mailing_offered = models.BooleanField(_("result mailed on request"), default=False)
    # 结果证照: the licence type (GB/T 36902 code) a case concluded with approval is issued (licenses, R6.1).
    result_licence_type = models.CharField(
        _("resulting licence type code"),
        max_length=21,
        blank=True,
        help_text=_("A case concluded with approval is issued a licence of this type, sealed by the department."),
    )
    process = models.ForeignKey(
        "workflow.ProcessDefinition",
        verbose_name=_("handling process"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("May stay empty while a draft; an item is published only with its process."),
    )
    form = models.ForeignKey(
        "forms.FormDefinition",
        verbose_name=_("application form"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The form applicants fill in online; without one the item is applied for at the counter."),
    )
    status = models.CharField(_("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.DRAFT)
    version = models.PositiveIntegerField(_("published version"), default=0)
    review_comment = models.TextField(_("review comment"), blank=True)
    revision_status = models.CharField(
        _("revision status"), max_length=20, choices=ItemStatus.choices, blank=True, default=""
    )
    revision = models.JSONField(
        _("revision in progress"),
        null=True,
        blank=True,
        help_text=_("Working copy of a published item being revised; the published guide keeps serving."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ServiceItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("service item")
        verbose_name_plural = _("service items")
        ordering = ["implementation_code"]
        constraints = [
            models.UniqueConstraint(fields=["basic", "organisation", "division"], name="eservices_item_unique_place")
        ]
        indexes = [models.Index(fields=["organisation", "status"]), models.Index(fields=["status", "division"])]

    def __str__(self) -> str:
        return self.name


class ServiceItemVersion(models.Model):
    """A published version of an item (guide, materials, joint parts), frozen: what a case applied under."""

    item = models.ForeignKey(
        ServiceItem, verbose_name=_("service item"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("snapshot"))
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("service item version")
        verbose_name_plural = _("service item versions")
        ordering = ["item_id", "-number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="eservices_item_version_unique")]

    def __str__(self) -> str:
        return f"{self.item.implementation_code} v{self.number}"


class Material(models.Model):
    """申请材料 of an item. A substitute (an e-licence type, or a shared record of a catalogue resource looked up by
    the applicant's code) means the applicant need not bring it (R1.7, R4.3, R6.2)."""

    item = models.ForeignKey(
        ServiceItem, verbose_name=_("service item"), on_delete=models.CASCADE, related_name="materials"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("material name"), max_length=200)
    source = models.CharField(
        _("source"), max_length=20, choices=MaterialSource.choices, default=MaterialSource.APPLICANT
    )
    originals = models.PositiveSmallIntegerField(_("originals"), default=0)
    copies = models.PositiveSmallIntegerField(_("copies"), default=0)
    formats = models.CharField(
        _("form of material"), max_length=20, choices=MaterialFormat.choices, default=MaterialFormat.BOTH
    )
    required = models.CharField(
        _("requirement"), max_length=20, choices=MaterialRequirement.choices, default=MaterialRequirement.ALWAYS
    )
    substitute = models.CharField(_("substitute"), max_length=20, choices=Substitute.choices, default=Substitute.NONE)
    licence_type = models.CharField(_("licence type code"), max_length=40, blank=True)  # GB/T 36902
    resource = models.ForeignKey(
        "catalog.Resource",
        verbose_name=_("shared resource"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    items = models.JSONField(_("information items used"), default=list, blank=True)  # identifiers of the resource
    key = models.CharField(_("lookup key"), max_length=20, choices=KeyKind.choices, blank=True)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["item_id", "position", "pk"]

    def __str__(self) -> str:
        return self.name


class JointPart(models.Model):
    """并联审批: one co-reviewing department's part of an item, reviewed at the same time as the others (R4.2)."""

    item = models.ForeignKey(
        ServiceItem, verbose_name=_("service item"), on_delete=models.CASCADE, related_name="parts"
    )
    code = models.SlugField(_("part code"), max_length=50)
    organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("co-reviewing department"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("part name"), max_length=200)
    working_days = models.PositiveSmallIntegerField(_("review time limit (working days)"), default=5)
    materials = models.ManyToManyField(Material, verbose_name=_("materials"), blank=True, related_name="parts")
    fields = models.JSONField(_("form fields it may read"), default=list, blank=True)

    class Meta:
        verbose_name = _("joint part")
        verbose_name_plural = _("joint parts")
        ordering = ["item_id", "code"]
        constraints = [models.UniqueConstraint(fields=["item", "code"], name="eservices_part_unique_code")]

    def __str__(self) -> str:
        return self.name


class ItemLink(models.Model):
    """主动推送: after a case of `item` concludes, the applicant is told about `related` (出生登记 → 社保卡申领)."""

    item = models.ForeignKey(
        ServiceItem, verbose_name=_("service item"), on_delete=models.CASCADE, related_name="links"
    )
    related = models.ForeignKey(
        ServiceItem, verbose_name=_("related item"), on_delete=models.CASCADE, related_name="linked_from"
    )
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        verbose_name = _("item link")
        verbose_name_plural = _("item links")
        ordering = ["item_id", "pk"]
        constraints = [models.UniqueConstraint(fields=["item", "related"], name="eservices_link_unique")]

    def __str__(self) -> str:
        return f"{self.item} → {self.related}"
