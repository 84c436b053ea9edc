import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from digigov.core.validators import validate_id_number, validate_uscc
from digigov.identity.choices import AssuranceLevel
from digigov.identity.validators import validate_mobile

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
