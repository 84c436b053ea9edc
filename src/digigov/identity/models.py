import hashlib
import hmac
import secrets
from functools import lru_cache

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from digigov.core.validators import validate_id_number, validate_uscc
from digigov.identity.choices import AssuranceLevel, KeyScheme
from digigov.identity.keys import api_key_secret
from digigov.identity.validators import validate_mobile

KEY_PREFIX_LEN = 8
SYSTEM_NAME_MAX, CONTACT_MAX = 200, 100


@lru_cache(maxsize=4)
def _hmac_state(configured: str, secret_key: str):
    """The HMAC-SM3 state after the secret (OpenSSL's); copying it per key costs what a plain SM3 does (~6 µs, against
    ~11 µs for a fresh HMAC)."""
    return hmac.new(api_key_secret(configured, secret_key), digestmod="sm3")


def key_digest(key: str, scheme: str = KeyScheme.HMAC_SM3) -> str:
    """The hex digest a key is stored as under `scheme`: HMAC-SM3 with the server's secret, or legacy plain SM3."""
    if scheme == KeyScheme.SM3:
        return hashlib.new("sm3", key.encode()).hexdigest()
    mac = _hmac_state(getattr(settings, "DIGIGOV_API_KEY_SECRET", ""), settings.SECRET_KEY).copy()
    mac.update(key.encode())
    return mac.hexdigest()


class SystemClient(models.Model):
    """An application system of a department that calls the API with a key (X-Road style member subsystem).

    The department's administrator registers it; its API key is issued, rotated and revoked by the platform operator
    or, if the rule `identity.department_keys` allows, by the department itself (R0.5). Only a keyed digest of the
    key is stored (`key_scheme`); the key itself is shown once. A system without a key (never issued, or revoked)
    has no prefix and matches no call.
    """

    name = models.CharField(_("system name"), max_length=SYSTEM_NAME_MAX)
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT)
    purpose = models.TextField(_("what the system is for"), blank=True)
    contact = models.CharField(_("contact person and telephone"), max_length=CONTACT_MAX, blank=True)
    key_prefix = models.CharField(_("key prefix"), max_length=KEY_PREFIX_LEN, unique=True, null=True, blank=True)
    key_digest = models.CharField(_("key digest"), max_length=64, blank=True)
    key_scheme = models.CharField(
        _("key storage"), max_length=10, choices=KeyScheme.choices, default=KeyScheme.HMAC_SM3
    )
    key_issued_at = models.DateTimeField(_("key issued at"), null=True, blank=True)
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
        """The stored form of a key issued now (HMAC-SM3 with the server's secret)."""
        return key_digest(key)

    @staticmethod
    def new_key() -> str:
        return secrets.token_urlsafe(32)


class SupersededKey(models.Model):
    """A system's previous API key after a rotation: accepted until `expires_at`, so the department can switch its
    system to the new key without an outage (`identity.key_rotation_grace_minutes`; 0, or "at once" when a key
    leaked, keeps no row at all). Looked up only when a key's prefix is not a current key's."""

    client = models.ForeignKey(
        SystemClient, verbose_name=_("system"), on_delete=models.CASCADE, related_name="superseded_keys"
    )
    key_prefix = models.CharField(_("key prefix"), max_length=KEY_PREFIX_LEN, unique=True)
    key_digest = models.CharField(_("key digest"), max_length=64)
    key_scheme = models.CharField(_("key storage"), max_length=10, choices=KeyScheme.choices)
    expires_at = models.DateTimeField(_("works until"))

    class Meta:
        verbose_name = _("superseded API key")
        verbose_name_plural = _("superseded API keys")

    def __str__(self) -> str:
        return f"{self.key_prefix}… → {self.expires_at:%Y-%m-%d %H:%M}"


class LoginFailure(models.Model):
    """Consecutive failed sign-ins for one username, and the lock they led to (R0.2; 等级保护 登录失败处理).

    Keyed by the username typed, not by user, so unknown names are counted the same way and the lock
    message reveals nothing about which accounts exist.
    """

    username = models.CharField(_("username"), max_length=150, unique=True)
    count = models.PositiveIntegerField(_("failed attempts in a row"), default=0)
    last_failed_at = models.DateTimeField(_("last failed at"), null=True, blank=True)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in failure record")
        verbose_name_plural = _("sign-in failure records")

    def __str__(self) -> str:
        return f"{self.username} ×{self.count}"


class CitizenProfile(models.Model):
    """自然人: the real-name data of a citizen account (R0.2). The ID number identifies the person once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="citizen_profile"
    )
    real_name = models.CharField(_("real name"), max_length=50)
    id_number = models.CharField(_("ID number"), max_length=18, unique=True, validators=[validate_id_number])
    phone = models.CharField(_("mobile number"), max_length=11, validators=[validate_mobile])
    assurance_level = models.CharField(
        _("assurance level"), max_length=20, choices=AssuranceLevel.choices, default=AssuranceLevel.SELF_DECLARED
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("citizen profile")
        verbose_name_plural = _("citizen profiles")

    def __str__(self) -> str:
        return self.real_name


class LegalPersonProfile(models.Model):
    """法人: an enterprise or other legal entity's account, identified by its credit code (R0.2)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="legal_person_profile",
    )
    entity_name = models.CharField(_("entity name"), max_length=200)
    uscc = models.CharField(_("unified social credit code"), max_length=18, unique=True, validators=[validate_uscc])
    legal_representative = models.CharField(_("legal representative"), max_length=50)
    representative_id_number = models.CharField(
        _("legal representative's ID number"), max_length=18, validators=[validate_id_number]
    )
    phone = models.CharField(_("contact mobile number"), max_length=11, validators=[validate_mobile])
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("legal person profile")
        verbose_name_plural = _("legal person profiles")

    def __str__(self) -> str:
        return self.entity_name


class TemporaryPassword(models.Model):
    """A password an organisation administrator set for a member who forgot theirs (no e-mail to reset by).

    While the row exists the member must choose their own password before doing anything else; changing it
    deletes the row (R0.2: the administrator never keeps knowing a member's password).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="temporary_password"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("temporary password")
        verbose_name_plural = _("temporary passwords")

    def __str__(self) -> str:
        return str(self.user)
