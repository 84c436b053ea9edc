"""Constants of unified identity, with Chinese labels through gettext."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AssuranceLevel(models.TextChoices):
    """How sure the platform is that a citizen account belongs to the person named (实名认证等级)."""

    SELF_DECLARED = "self_declared", _("Self-declared (ID number checked for form)")
    VERIFIED = "verified", _("Verified against the population base database")
    IN_PERSON = "in_person", _("Verified in person at a service hall")


class AccountKind(models.TextChoices):
    STAFF = "staff", _("Staff")
    CITIZEN = "citizen", _("Citizen")  # 自然人
    LEGAL_PERSON = "legal_person", _("Legal person")  # 法人


class KeyScheme(models.TextChoices):
    """How a system's API key is stored: never the key itself, only a digest that the key can be checked against."""

    HMAC_SM3 = "hmac-sm3", _("HMAC-SM3 with the server's secret")
    # Before issue #9 keys were stored as a plain SM3 digest. Such a key keeps working and is re-stored as HMAC-SM3
    # the first time it is used (auth.ApiKeyAuth.accept).
    SM3 = "sm3", _("SM3 (legacy, re-stored on next use)")


class KeyState(models.TextChoices):
    """What a system's key allows today, as its list shows it."""

    NONE = "none", _("No key")
    ACTIVE = "active", _("Key in use")
    ROTATING = "rotating", _("New key in use; the previous one still works")
