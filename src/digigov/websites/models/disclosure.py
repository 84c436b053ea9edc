"""Applications for disclosure (依申请公开, 《政府信息公开条例》2019 第二十七条至第四十五条, R8.8): a citizen or an
organisation asks a site's unit for government information; the unit answers with a formal reply (答复告知书)
within 20 working days, once extended by up to 20 more; a request for correction (补正) stops the clock, which
starts again from the applicant's correction, or, with none by its deadline, closes the application as deemed
withdrawn (视为放弃申请, 第三十条)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from digigov.websites.choices import (
    ApplicantKind,
    DeliveryForm,
    DisclosureState,
    ReceiptWay,
    RefusalBasis,
    ReplyType,
)


class DisclosureApplication(models.Model):
    """One 政府信息公开申请. The applicant's name, numbers and addresses are personal data: staff readings are in
    the ledger, and the public progress query shows only the state and the dates."""

    site = models.ForeignKey(
        "websites.SiteProfile", verbose_name=_("site"), on_delete=models.PROTECT, related_name="disclosure_applications"
    )
    unit = models.ForeignKey(
        "core.Organisation", verbose_name=_("answering unit"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("application number"), max_length=20, unique=True)
    applicant_kind = models.CharField(_("applicant"), max_length=20, choices=ApplicantKind.choices)
    name = models.CharField(_("name"), max_length=100)  # the person's, or the organisation's
    id_number = models.CharField(_("ID number"), max_length=18, blank=True)  # GB 11643, a citizen's
    uscc = models.CharField(_("credit code"), max_length=18, blank=True)  # GB 32100, an organisation's
    phone = models.CharField(_("mobile number"), max_length=11)
    postal_address = models.CharField(_("postal address"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), max_length=100, blank=True)
    description = models.TextField(_("information sought"), max_length=2000)  # plain text, shown escaped
    delivery_form = models.CharField(_("form of the information"), max_length=20, choices=DeliveryForm.choices)
    receipt_way = models.CharField(_("way of receiving"), max_length=20, choices=ReceiptWay.choices)
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed-in applicant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    address = models.GenericIPAddressField(_("sent from"), null=True, blank=True)  # for the rate limit
    received_at = models.DateTimeField(_("received"))
    due_on = models.DateField(_("reply due"))
    state = models.CharField(
        _("state"), max_length=20, choices=DisclosureState.choices, default=DisclosureState.RECEIVED
    )
    # 延期 (第三十三条): once, by up to the rule's working days, with a reason
    extended_at = models.DateTimeField(_("extended"), null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField(_("extension (working days)"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    # 补正 (第三十条): once; the clock restarts on the day the correction arrives; none by its deadline = 视为放弃
    correction_request = models.TextField(_("what is missing"), blank=True)
    correction_requested_at = models.DateTimeField(_("correction requested"), null=True, blank=True)
    correction_due_on = models.DateField(_("correct by"), null=True, blank=True)  # none: asked before deadlines
    abandoned_at = models.DateTimeField(_("deemed withdrawn"), null=True, blank=True)
    correction = models.TextField(_("the applicant's correction"), max_length=2000, blank=True)
    corrected_at = models.DateTimeField(_("corrected"), null=True, blank=True)
    # 答复告知书
    reply_type = models.CharField(_("reply"), max_length=20, choices=ReplyType.choices, blank=True)
    reply_basis = models.CharField(_("legal basis"), max_length=20, choices=RefusalBasis.choices, blank=True)
    responsible_body = models.CharField(_("body responsible"), max_length=100, blank=True)
    reply_text = models.TextField(_("reply text"), max_length=4000, blank=True)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("replied by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("disclosure application")
        verbose_name_plural = _("disclosure applications")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["address", "received_at"]), models.Index(fields=["unit", "state"])]

    def __str__(self):
        return self.number


class DisclosureLookup(models.Model):
    """One progress lookup (the public query page or the API), kept for the per-address hourly limit only: the
    address and the time, not what was looked for. The daily job deletes rows older than a day."""

    address = models.GenericIPAddressField(_("looked up from"))
    looked_up_at = models.DateTimeField(_("looked up"))

    class Meta:
        verbose_name = _("progress lookup")
        verbose_name_plural = _("progress lookups")
        indexes = [models.Index(fields=["address", "looked_up_at"]), models.Index(fields=["looked_up_at"])]

    def __str__(self):
        return f"{self.address} {self.looked_up_at:%Y-%m-%d %H:%M}"


class DisclosureReport(models.Model):
    """政府信息公开工作年度报告 of a site's unit for one year (《政府信息公开条例》第四十九条、第五十条; the format of
    国办公开办函〔2021〕30号): the figures counted from the unit's items and applications, and the editor's text of the
    sections that are prose, written into a library item (an article in the site's 信息公开 column) that goes through
    the site's review chain; the report counts as published when that item is. The tables are written by the platform
    only: the rich-text editor has no tables and would flatten them, so the editor changes the prose on the report's
    own screen and the item's body is not editable."""

    site = models.ForeignKey("websites.SiteProfile", verbose_name=_("site"), on_delete=models.CASCADE,
                             related_name="disclosure_reports")  # fmt: skip
    year = models.PositiveIntegerField(_("year"))
    item = models.OneToOneField("websites.LibraryItem", verbose_name=_("library item"), on_delete=models.PROTECT,
                                related_name="disclosure_report")  # fmt: skip
    figures = models.JSONField(_("figures"), default=dict)  # {"published": {kind: n}, "applications": {row: [c, o]}, …}
    # the editor's text of the prose sections; empty: the sentences generated from the figures
    overview = models.TextField(_("overall situation"), blank=True)  # 一、总体情况
    problems = models.TextField(_("main problems and improvements"), blank=True)  # 五、存在的主要问题及改进情况
    other = models.TextField(_("other matters to report"), blank=True)  # 六、其他需要报告的事项
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("generated by"),
                                     on_delete=models.PROTECT, related_name="+")  # fmt: skip
    generated_at = models.DateTimeField(_("generated"))

    class Meta:
        verbose_name = _("government information disclosure annual report")
        verbose_name_plural = _("government information disclosure annual reports")
        ordering = ["-year", "site"]
        constraints = [models.UniqueConstraint(fields=["site", "year"], name="one_disclosure_report_per_site_and_year")]

    def __str__(self) -> str:
        return f"{self.site} {self.year}"
