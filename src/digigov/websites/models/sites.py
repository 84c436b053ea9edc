from django.db import models
from django.utils.translation import gettext_lazy as _

from digigov.core.validators import validate_site_code
from digigov.websites.choices import ApplicationKind, ApplicationState, SiteKind, SiteState


class SiteProfile(models.Model):
    """What the 国办 rules require of a government site beside Wagtail's `Site` (R8.1, R8.2): its 网站标识码, its
    organiser (主办单位), its filing numbers and the province or city platform (集约化平台) that hosts it. A county
    government's site lives on its city's platform (R8.1), so `platform` is a province or a city."""

    site = models.OneToOneField("wagtailcore.Site", on_delete=models.CASCADE, related_name="profile")
    name = models.CharField(_("site name"), max_length=100)
    site_code = models.CharField(_("site ID code"), max_length=10, unique=True, validators=[validate_site_code])
    kind = models.CharField(_("kind"), max_length=20, choices=SiteKind.choices)
    organiser = models.ForeignKey(
        "core.Organisation", verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="+"
    )
    platform = models.ForeignKey(
        "core.Division", verbose_name=_("hosting platform"), on_delete=models.PROTECT, related_name="+"
    )
    icp_number = models.CharField(_("ICP filing number"), max_length=40, blank=True)  # 鄂ICP备…号
    police_number = models.CharField(_("public-security filing number"), max_length=40, blank=True)  # 鄂公网安备…号
    state = models.CharField(_("state"), max_length=20, choices=SiteState.choices, default=SiteState.RUNNING)
    created_at = models.DateTimeField(_("date opened"), auto_now_add=True)
    # R8.5 closing: the content moves to the receiving site (接收网站); the migration notice (迁移公告) shows on the
    # home page until `notice_until`; once closed, the site ID code stays here, retired, and is never given again.
    receiving_site = models.ForeignKey(
        "self", verbose_name=_("receiving site"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notice_until = models.DateField(_("migration notice shown until"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("government site")
        verbose_name_plural = _("government sites")
        ordering = ["site_code"]

    def __str__(self) -> str:
        return self.name

    @property
    def code_retired(self) -> bool:
        return self.state == SiteState.CLOSED


class SiteApplication(models.Model):
    """An application to open a site or close one for good (R8.5; seed 000: 逐级审核, 报省政府办公厅批准): the unit's
    leader submits, its competent authority (主管单位, `lifecycle.competent_authority`) approves, then the platform
    operator; any step may refuse with a reason. An opening's site is made on the last approval; a closing
    names the site and the receiving site (接收网站)."""

    kind = models.CharField(_("kind"), max_length=10, choices=ApplicationKind.choices)
    state = models.CharField(_("state"), max_length=20, choices=ApplicationState.choices)
    organiser = models.ForeignKey(
        "core.Organisation", verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="+"
    )
    authority = models.ForeignKey(
        "core.Organisation", verbose_name=_("competent authority"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("site name"), max_length=100)
    site_kind = models.CharField(_("site kind"), max_length=20, choices=SiteKind.choices, blank=True)
    hostname = models.CharField(_("host name"), max_length=255, blank=True)
    platform = models.ForeignKey(
        "core.Division", verbose_name=_("hosting platform"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    site = models.ForeignKey(
        SiteProfile, verbose_name=_("site"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # the site to close; for an opening, the site made on approval
    receiving_site = models.ForeignKey(
        SiteProfile, verbose_name=_("receiving site"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    reason = models.TextField(_("reason"), max_length=2000)
    refusal = models.TextField(_("reason for refusal"), blank=True)
    applied_by = models.ForeignKey("auth.User", verbose_name=_("applicant"), on_delete=models.PROTECT, related_name="+")
    applied_at = models.DateTimeField(_("applied"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("site application")
        verbose_name_plural = _("site applications")
        ordering = ["-applied_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.name}"
