from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from digigov.core.permissions import OrgScopedQuerySet


class OrgKeyPairQuerySet(OrgScopedQuerySet):
    def active(self):
        return self.filter(is_active=True)


class OrgKeyPair(models.Model):
    """An organisation's SM2 signing key pair (R0.5 密码保障体系).

    The private key is kept only as PKCS#8 encrypted with SM4-CBC under a passphrase derived from the
    key-encryption key (see `keystore`); it is never stored, shown or logged in clear. An organisation has at
    most one active key; revoked keys stay so that signatures made with them can still be verified.
    """

    organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="signing_keys"
    )
    public_key_pem = models.TextField(_("public key (PEM)"))
    encrypted_private_key_pem = models.TextField(_("encrypted private key (PEM)"), editable=False)
    fingerprint = models.CharField(
        _("fingerprint"), max_length=64, unique=True, help_text=_("SM3 of the DER-encoded public key.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = OrgKeyPairQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation signing key")
        verbose_name_plural = _("organisation signing keys")
        ordering = ["organisation_id", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"], condition=Q(is_active=True), name="signing_one_active_key_per_org"
            ),
            models.CheckConstraint(
                condition=Q(is_active=True, revoked_at__isnull=True) | Q(is_active=False, revoked_at__isnull=False),
                name="signing_revoked_at_iff_inactive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · SM2 {self.fingerprint[:16]}"


class KeyEncryptionKeyMark(models.Model):
    """Which key-encryption key sealed this database's private keys: its fingerprint, never the key (R0.5).

    One row, written when the first key is sealed. The key itself stays in the secret store and out of every
    backup (docs/backup.md); with this mark a restore, the start-up check and the signing service tell at once, and
    by the setting's name, that the configured key is not the one the keys were sealed with.
    """

    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("key-encryption key mark")
        verbose_name_plural = _("key-encryption key marks")

    def __str__(self) -> str:
        return self.fingerprint[:16]
