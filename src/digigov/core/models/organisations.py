from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from digigov.core.choices import OrganisationKind
from digigov.core.validators import validate_uscc


class Organisation(models.Model):
    """政务部门 or 事业单位 of a division, or an internal unit (内设机构) nested inside one (R0.1)."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    uscc = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_uscc],
    )
    division = models.ForeignKey("core.Division", verbose_name=_("division"), on_delete=models.PROTECT)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    is_platform_operator = models.BooleanField(
        _("platform operator"),
        default=False,
        help_text=_("The body that builds and runs the shared platform (共享平台建设运维管理部门)."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["division_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["division", "parent", "name"], name="core_org_unique_name_in_place"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == OrganisationKind.INTERNAL_UNIT:
            if self.parent_id is None:
                raise ValidationError({"parent": _("An internal unit must belong to a parent organisation.")})
        elif not self.uscc:
            raise ValidationError({"uscc": _("A department or public institution needs its credit code.")})
        if self.parent_id and self.parent.division_id != self.division_id:
            raise ValidationError({"division": _("An internal unit is in the same division as its parent.")})

    def root(self) -> "Organisation":
        """The department an internal unit belongs to (itself for a department)."""
        node = self
        while node.parent_id is not None:
            node = node.parent
        return node
