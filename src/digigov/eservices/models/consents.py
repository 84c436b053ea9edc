"""帮办代办 consent (R4.2): a clerk applies on someone's behalf only with the applicant's recorded consent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from digigov.core.private_files import private_storage
from digigov.eservices.choices import ConsentMethod, ConsentStatus
from digigov.eservices.models.cases import Case


class Consent(models.Model):
    """The applicant's consent to the clerk (`Case.agent`) applying for them: a signed paper authorisation scanned
    at the counter, or the applicant's own confirmation online (from their account's 我的办件), with what it covers
    (`scope`) and until when. An assisted case is submitted only under a given, unexpired consent."""

    case = models.OneToOneField(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="consent")
    method = models.CharField(_("how consent is given"), max_length=20, choices=ConsentMethod.choices)
    status = models.CharField(_("status"), max_length=20, choices=ConsentStatus.choices)
    scope = models.CharField(_("what the clerk may do"), max_length=300)
    valid_until = models.DateField(_("valid until"))
    file = models.FileField(
        _("scanned authorisation"), storage=private_storage, upload_to="eservices/consents/%Y/", blank=True
    )
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("clerk"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent to assisted handling")
        verbose_name_plural = _("consents to assisted handling")

    def __str__(self) -> str:
        return f"{self.case} {self.get_status_display()}"
