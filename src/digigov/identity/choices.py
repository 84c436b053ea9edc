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
