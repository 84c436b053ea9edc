from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from digigov.core.permissions import OrgScopedQuerySet
from digigov.signing.choices import REVOKED_STATUSES, SealKind, SealRequestAction, SealRequestState, SealStatus


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


class SealMaker(models.Model):
    """The platform's seal maker (制章机构): the platform operator organisation's root key and self-signed
    certificate, which issue every seal's certificate and sign every SESeal (R7.1, GB/T 38540).

    One current row; an older one stays (is_current False) so that seals it made keep verifying.
    """

    organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    encrypted_private_key_pem = models.TextField(_("encrypted private key (PEM)"), editable=False)
    key_fingerprint = models.CharField(_("fingerprint"), max_length=64, unique=True)
    certificate_pem = models.TextField(_("certificate (PEM)"))
    is_current = models.BooleanField(_("current"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("seal maker")
        verbose_name_plural = _("seal makers")
        constraints = [
            models.UniqueConstraint(fields=["is_current"], condition=Q(is_current=True), name="signing_one_maker")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.key_fingerprint[:16]}"


class SealQuerySet(OrgScopedQuerySet):
    pass


class Seal(models.Model):
    """An organisation's electronic seal (电子印章, R7.1): its own SM2 key (sealed at rest), the certificate the seal
    maker issued, the GB/T 38540 SESeal and the appearance image; only an active seal inside its validity signs."""

    organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="seals"
    )
    kind = models.CharField(_("seal kind"), max_length=20, choices=SealKind.choices)
    use_text = models.CharField(
        _("seal use"), max_length=30, blank=True, help_text=_("A business seal's use, e.g. 电子证照专用章.")
    )
    name = models.CharField(_("seal name"), max_length=200)
    code = models.CharField(_("seal code"), max_length=20, unique=True, help_text=_("esID of GB/T 38540."))
    status = models.CharField(_("status"), max_length=20, choices=SealStatus.choices, default=SealStatus.ACTIVE)
    status_since = models.DateTimeField(_("status since"))
    valid_from = models.DateTimeField(_("valid from"))
    valid_until = models.DateTimeField(_("valid until"))
    encrypted_private_key_pem = models.TextField(_("encrypted private key (PEM)"), editable=False)
    key_fingerprint = models.CharField(_("fingerprint"), max_length=64, unique=True)
    certificate_pem = models.TextField(_("certificate (PEM)"))
    certificate_serial = models.CharField(_("certificate serial"), max_length=40)
    certificate_sm3 = models.CharField(_("certificate SM3"), max_length=64, db_index=True)
    seseal_der = models.BinaryField(_("SESeal (DER)"))
    image_png = models.BinaryField(_("seal image (PNG)"))
    maker = models.ForeignKey(SealMaker, verbose_name=_("seal maker"), on_delete=models.PROTECT, related_name="+")
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SealQuerySet.as_manager()

    class Meta:
        verbose_name = _("electronic seal")
        verbose_name_plural = _("electronic seals")
        ordering = ["organisation_id", "kind", "-created_at"]
        indexes = [models.Index(fields=["status", "status_since"], name="signing_seal_status_idx")]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @property
    def is_revoked(self) -> bool:
        return self.status in REVOKED_STATUSES


class SealRequestQuerySet(OrgScopedQuerySet):
    pass


class SealRequest(models.Model):
    """An organisation administrator's request about a seal (make, suspend, resume, report lost, cancel, re-issue);
    it takes effect only when the platform operator approves it (R7.1)."""

    organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="seal_requests"
    )
    action = models.CharField(_("request"), max_length=20, choices=SealRequestAction.choices)
    seal = models.ForeignKey(
        Seal, verbose_name=_("seal"), null=True, blank=True, on_delete=models.PROTECT, related_name="requests"
    )
    kind = models.CharField(_("seal kind"), max_length=20, choices=SealKind.choices, blank=True)
    use_text = models.CharField(_("seal use"), max_length=30, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    state = models.CharField(
        _("state"), max_length=20, choices=SealRequestState.choices, default=SealRequestState.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    result = models.ForeignKey(
        Seal, verbose_name=_("seal made"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = SealRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("seal request")
        verbose_name_plural = _("seal requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["seal"], condition=Q(state="pending"), name="signing_one_pending_request_per_seal"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.organisation}"


class SealStatusChange(models.Model):
    """A seal's status history: every change, who asked, who approved, why (R7.1)."""

    seal = models.ForeignKey(Seal, verbose_name=_("seal"), on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(_("from"), max_length=20, choices=SealStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=SealStatus.choices)
    at = models.DateTimeField(_("at"))
    request = models.ForeignKey(
        SealRequest, verbose_name=_("request"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("seal status change")
        verbose_name_plural = _("seal status changes")
        ordering = ["seal_id", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.seal_id}: {self.from_status} → {self.to_status}"
