"""Cases (办件, R4.2): an application for a published service item, from the applicant's draft to its conclusion,
with the departments working on it (`CasePart`), its materials and its suspensions for supplement (补正).

The process (a workflow instance, ADR 0003 §4) moves a case between people; the case holds what the hall, the
handlers and the monitor read: status, clock, decision. `CasePart` is each department's queue row (the lead and
one per joint part), so a department's list reads one index and never joins another department's work."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from digigov.core.private_files import private_storage
from digigov.eservices.choices import (
    CaseStatus,
    Channel,
    Decision,
    PartStatus,
    Provision,
)
from digigov.eservices.models.items import Material, ServiceItem

RUNNING = [CaseStatus.SUBMITTED, CaseStatus.SUPPLEMENTING, CaseStatus.IN_PROGRESS]


class Case(models.Model):
    """办件: one application, by one applicant (or on their behalf), for one item as published at the time."""

    number = models.CharField(_("case number"), max_length=30, unique=True, null=True, blank=True)
    item = models.ForeignKey(ServiceItem, verbose_name=_("service item"), on_delete=models.PROTECT, related_name="+")
    item_version = models.PositiveIntegerField(_("item version"))
    organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("lead department"), on_delete=models.PROTECT, related_name="+"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant's account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    applicant_kind = models.CharField(_("applicant kind"), max_length=20)  # eservices.choices.Audience
    applicant_name = models.CharField(_("applicant"), max_length=200)
    applicant_code = models.CharField(_("ID number or credit code"), max_length=18)
    applicant_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("clerk acting for the applicant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    form_version = models.ForeignKey(
        "forms.FormVersion", verbose_name=_("form"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    data = models.JSONField(_("form answers"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.DRAFT)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    reason = models.TextField(_("reason"), blank=True)  # of a refusal or of 不予受理, with its legal basis
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    legal_days = models.PositiveSmallIntegerField(_("legal time limit (working days)"), default=0)
    promised_days = models.PositiveSmallIntegerField(_("promised time limit (working days)"), default=0)
    suspended_days = models.PositiveSmallIntegerField(_("working days suspended"), default=0)
    visits = models.PositiveSmallIntegerField(_("on-site visits"), default=0)
    overdue_reason = models.CharField(_("reason for the delay"), max_length=300, blank=True)
    instance = models.OneToOneField(
        "workflow.ProcessInstance",
        verbose_name=_("process"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["applicant", "-created_at"], name="eservices_case_applicant"),
            models.Index(
                fields=["status", "due_on"], name="eservices_case_running", condition=models.Q(status__in=RUNNING)
            ),
        ]

    def __str__(self) -> str:
        return self.number or str(_("draft application"))

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING


class CasePart(models.Model):
    """One department's share of a case: the lead (`part = "lead"`) or a joint part's code. `case_status` repeats
    the case's status, rewritten in the same transaction, so the department's list is one index range."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="parts")
    organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    part = models.SlugField(_("part"), max_length=50)
    name = models.CharField(_("part name"), max_length=200)
    case_status = models.CharField(_("case status"), max_length=20, choices=CaseStatus.choices)
    status = models.CharField(_("status"), max_length=20, choices=PartStatus.choices, default=PartStatus.WAITING)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    agreed = models.BooleanField(_("agreed"), null=True, blank=True)
    opinion = models.TextField(_("opinion"), blank=True)
    decided_at = models.DateTimeField(_("given at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("given by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("case part")
        verbose_name_plural = _("case parts")
        ordering = ["case_id", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "part"], name="eservices_case_part_unique")]
        # the department's queue; on PostgreSQL the row id rides along, so a page's ids come off the index alone
        indexes = [
            models.Index(
                fields=["organisation", "case_status", "due_on", "case"], include=["id"], name="eservices_part_queue"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.name}"


class CaseMaterial(models.Model):
    """A material of a case as provided: a checked upload, a shared record or an e-licence the platform fetched
    (the call that fetched it in `source_ref`), paper received at the counter, or 容缺 to follow."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="materials")
    material = models.ForeignKey(
        Material, verbose_name=_("material"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("material"), max_length=200)
    provided = models.CharField(_("provided as"), max_length=20, choices=Provision.choices)
    file = models.FileField(_("file"), storage=private_storage, upload_to="eservices/cases/%Y/", blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    source = models.CharField(_("source"), max_length=200, blank=True)  # "公安厅 人口基础信息"
    source_ref = models.CharField(_("source reference"), max_length=100, blank=True)  # gateway call id, licence id
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("case material")
        verbose_name_plural = _("case materials")
        ordering = ["case_id", "pk"]

    def __str__(self) -> str:
        return self.name


class Suspension(models.Model):
    """补正: one notice listing everything missing (一次性告知). After acceptance the clock stops from the request
    to the supplement; before it, the clock has not started."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="suspensions")
    notice = models.JSONField(_("what is missing"), default=list)  # [{"name": …, "reason": …}]
    note = models.TextField(_("note to the applicant"), blank=True)
    requested_by = models.ForeignKey(  # empty when a department's system asked (the ledger names it)
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_on = models.DateField(_("requested on"))
    clock_running = models.BooleanField(_("clock was running"), default=False)
    ended_on = models.DateField(_("supplemented on"), null=True, blank=True)
    working_days = models.PositiveSmallIntegerField(_("working days suspended"), null=True, blank=True)
    reply = models.TextField(_("applicant's reply"), blank=True)

    class Meta:
        verbose_name = _("supplement request")
        verbose_name_plural = _("supplement requests")
        ordering = ["case_id", "pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.started_on}"
