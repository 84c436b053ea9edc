"""The quarterly sampling inspection of the government sites (抽查, R8.6; 国办《政府网站发展指引》: 每季度抽查比例不
低于30%, 抽查结果及时向社会公开): a round per platform and quarter, the sites drawn and each one's result."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from digigov.websites.choices import SamplingState


class SamplingRound(models.Model):
    """One quarter's sampling of a platform's running sites (the province's platform, or a city's): drawn at random
    but reproducibly (the seed and the site ID codes drawn from are kept: `sampling.drawn_codes` gives the same
    sites again), reviewed by the platform operator, who concludes and publishes the report (抽查情况通报) as a
    library item of the platform portal; the round is published when that item is."""

    platform = models.ForeignKey("core.Division", verbose_name=_("hosting platform"), on_delete=models.PROTECT,
                                 related_name="+")  # fmt: skip
    operator = models.ForeignKey("core.Organisation", verbose_name=_("operator of the website platform"),
                                 on_delete=models.PROTECT, related_name="+")  # fmt: skip
    year = models.PositiveIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    state = models.CharField(_("state"), max_length=20, choices=SamplingState.choices, default=SamplingState.DRAWN)
    share = models.PositiveSmallIntegerField(_("share sampled (percent)"))  # the rule in force at the draw
    seed = models.CharField(_("random seed"), max_length=32)
    population = models.JSONField(_("sites drawn from"), default=list)  # site ID codes, sorted
    drawn_on = models.DateField(_("drawn on"))
    deadline = models.DateField(_("report due"))
    conclusion = models.TextField(_("conclusion of the platform operator"), blank=True)
    item = models.OneToOneField("websites.LibraryItem", verbose_name=_("sampling report"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="sampling_round")  # fmt: skip
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("report drafted by"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")  # fmt: skip
    published_at = models.DateTimeField(_("report published"), null=True, blank=True)

    class Meta:
        verbose_name = _("sampling inspection")
        verbose_name_plural = _("sampling inspections")
        ordering = ["-year", "-quarter", "platform"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "year", "quarter"], name="one_sampling_round_per_quarter"),
            models.CheckConstraint(condition=models.Q(quarter__gte=1, quarter__lte=4), name="sampling_quarter_1_4"),
        ]

    def __str__(self) -> str:
        return f"{self.platform} {self.year}Q{self.quarter}"


class SampledSite(models.Model):
    """A site drawn in a round: its findings from the checks of the daily inspection (each marked when it is a
    国办 single-veto item), pass or fail, the scorecard's total, and the platform operator's comment."""

    round = models.ForeignKey(SamplingRound, verbose_name=_("sampling inspection"), on_delete=models.CASCADE,
                              related_name="sites")  # fmt: skip
    site = models.ForeignKey("websites.SiteProfile", verbose_name=_("site"), on_delete=models.PROTECT,
                             related_name="+")  # fmt: skip
    findings = models.JSONField(_("findings"), default=list)  # [{"check", "label", "detail", "url", "veto"}]
    passed = models.BooleanField(_("passed"))
    score = models.FloatField(_("score"), null=True, blank=True)  # None: the site opened after the scored period
    checked_at = models.DateTimeField(_("checked"))
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("checked by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")  # fmt: skip  # None: the draw
    comment = models.TextField(_("comment of the platform operator"), blank=True)

    class Meta:
        verbose_name = _("sampled site")
        verbose_name_plural = _("sampled sites")
        ordering = ["round", "site__site_code"]
        constraints = [models.UniqueConstraint(fields=["round", "site"], name="one_sample_per_site_and_round")]

    def __str__(self) -> str:
        return f"{self.round} {self.site}"
