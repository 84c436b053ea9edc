"""Ratings (好差评, R4.5, 国办发〔2019〕51号): the applicant rates a closed case once, on five levels, ticking what the
rating is about; a bad rating (不满意, 非常不满意) is rectified by the lead department — its reply and a return
visit (回访) to the applicant within a rule's working days — unless the department's appeal (申诉) against a wrong or
malicious rating is upheld by the platform operator, which takes the rating out of the published figures."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from digigov.eservices.choices import GOOD_LEVEL_MIN, AppealStatus, RatingLevel
from digigov.eservices.models.cases import Case
from digigov.eservices.models.items import ServiceItem


def _person(verbose):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )


class Rating(models.Model):
    """好差评: one applicant's rating of one case (one per case, by the database), with its rectification and appeal.
    Department and item are copied from the case so the figures group one table."""

    case = models.OneToOneField(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="rating")
    organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("lead department"), on_delete=models.PROTECT, related_name="+"
    )
    item = models.ForeignKey(ServiceItem, verbose_name=_("service item"), on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("rating"), choices=RatingLevel.choices)
    dimensions = models.JSONField(_("what the rating is about"), default=list, blank=True)  # RatingDimension values
    comment = models.TextField(_("comment"), max_length=500, blank=True)
    rated_at = models.DateTimeField(_("rated at"))
    # 整改: a bad rating's reply and return visit, due within eservices.rating_rectify_days working days
    due_on = models.DateField(_("rectify by"), null=True, blank=True)
    reply = models.TextField(_("reply and rectification"), max_length=2000, blank=True)
    return_visit = models.TextField(_("return visit"), max_length=1000, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = _person(_("replied by"))
    # 申诉
    appeal_status = models.CharField(
        _("appeal"), max_length=20, choices=AppealStatus.choices, default=AppealStatus.NONE, blank=True
    )
    appeal_reason = models.TextField(_("reason for the appeal"), max_length=2000, blank=True)
    appealed_at = models.DateTimeField(_("appealed at"), null=True, blank=True)
    appealed_by = _person(_("appealed by"))
    appeal_note = models.TextField(_("decision on the appeal"), max_length=2000, blank=True)
    appeal_decided_at = models.DateTimeField(_("appeal decided at"), null=True, blank=True)
    appeal_decided_by = _person(_("appeal decided by"))

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-rated_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=5), name="eservices_rating_level"),
        ]
        indexes = [models.Index(fields=["organisation", "-rated_at"], name="eservices_rating_org")]

    def __str__(self) -> str:
        return f"{self.case} {self.get_level_display()}"

    @property
    def is_bad(self) -> bool:
        return self.level < GOOD_LEVEL_MIN

    @property
    def excluded(self) -> bool:
        """An upheld appeal takes the rating out of the figures (shown as such)."""
        return self.appeal_status == AppealStatus.UPHELD

    @property
    def needs_rectification(self) -> bool:
        return self.is_bad and self.replied_at is None and not self.excluded
