from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from digigov.core.choices import Role


class Membership(models.Model):
    """A staff member's role in one organisation; a person may hold several (R0.2, least privilege R0.5)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    title = models.CharField(_("job title"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="core_membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"
