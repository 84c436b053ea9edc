"""What a holder provides for the wallet (trust grades C and D, 国办函〔2019〕108号): a scan that waits for a clerk to
see the original (C), or a licence declared under a signed promise (D, 告知承诺). Imported by `models.py`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from digigov.core.private_files import private_storage
from digigov.licenses.choices import HolderKind, ProvisionKind, ProvisionState


class HolderProvision(models.Model):
    """持证人提供的证照: what the holder said and sent, who checked it, and the licence it became (R4.8, R6.2)."""

    kind = models.CharField(_("provided as"), max_length=20, choices=ProvisionKind.choices)
    state = models.CharField(_("state"), max_length=20, choices=ProvisionState.choices, default=ProvisionState.PENDING)
    licence_type = models.ForeignKey(
        "licenses.LicenceType", verbose_name=_("licence type"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("licence number"), max_length=60)
    holder_kind = models.CharField(_("holder kind"), max_length=20, choices=HolderKind.choices)
    holder_name = models.CharField(_("holder"), max_length=200)
    holder_code = models.CharField(_("holder code"), max_length=18, db_index=True)
    issued_on = models.DateField(_("date of issue"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    file = models.FileField(_("file"), storage=private_storage, upload_to="licences/holder/%Y/", blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    promise_text = models.TextField(_("promise"), blank=True)  # the text the holder agreed to, as shown
    promise_name = models.CharField(_("signed by"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("provided by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("provided at"), auto_now_add=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("original checked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("original checked at"), null=True, blank=True)
    check_note = models.CharField(_("note of the check"), max_length=200, blank=True)
    licence = models.OneToOneField(
        "licenses.Licence",
        verbose_name=_("licence"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="provision",
    )

    class Meta:
        verbose_name = _("licence provided by its holder")
        verbose_name_plural = _("licences provided by their holders")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.licence_type.name} {self.number}"
