import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

KEY_PREFIX_LEN = 8


class SystemClient(models.Model):
    """An outside or internal system that calls the API with a key (X-Road style member subsystem).

    Only the SM3 digest of the key is stored; the key itself is shown once when it is issued.
    """

    name = models.CharField(_("system name"), max_length=200)
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT)
    key_prefix = models.CharField(_("key prefix"), max_length=KEY_PREFIX_LEN, unique=True)
    key_digest = models.CharField(_("key digest"), max_length=64)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("system client")
        verbose_name_plural = _("system clients")

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def digest(key: str) -> str:
        return hashlib.new("sm3", key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return secrets.token_urlsafe(32)
