from django.db import models
from django.utils.translation import gettext_lazy as _

from digigov.core.choices import DivisionLevel
from digigov.core.validators import validate_division_code


class Division(models.Model):
    """行政区划: one node of the five-level tree (R0.1).

    Province, city and county carry the 6-digit GB/T 2260 code; township and village the 12-digit statistical
    code. Codes nest by prefix, so descendants are a `code__startswith` query.
    """

    code = models.CharField(_("division code"), max_length=12, primary_key=True, validators=[validate_division_code])
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=DivisionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent division"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("division")
        verbose_name_plural = _("divisions")
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "code"])]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @property
    def prefix(self) -> str:
        """The significant leading digits shared by every division below this one."""
        significant = {"province": 2, "city": 4, "county": 6, "township": 9, "village": 12}[self.level]
        return self.code[:significant]

    def ancestors(self) -> list["Division"]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))
