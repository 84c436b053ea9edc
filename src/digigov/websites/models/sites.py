from django.db import models
from django.utils.translation import gettext_lazy as _

from digigov.core.validators import validate_site_code
from digigov.websites.choices import SiteKind, SiteState


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

    class Meta:
        verbose_name = _("government site")
        verbose_name_plural = _("government sites")
        ordering = ["site_code"]

    def __str__(self) -> str:
        return self.name
