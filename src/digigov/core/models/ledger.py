from django.db import models
from django.utils.translation import gettext_lazy as _


class LedgerEntry(models.Model):
    """留痕: one append-only audit record, chained to the previous one by SM3 (R0.4).

    `hash` = SM3(canonical content including `prev_hash`); see core/ledger.py and docs/audit.md. Database
    triggers refuse UPDATE and DELETE; the chain catches anyone who bypasses them.
    """

    seq = models.BigIntegerField(_("sequence"), unique=True)
    at = models.DateTimeField(_("time"))
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True)
    actor_name = models.CharField(_("actor"), max_length=150, blank=True)
    organisation_id = models.BigIntegerField(_("organisation id"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=100, blank=True)
    summary = models.TextField(_("before/after summary"), blank=True)
    ip = models.CharField(_("client IP"), max_length=45, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit ledger entry")
        verbose_name_plural = _("audit ledger entries")
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id"]), models.Index(fields=["actor_id", "at"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"


class LedgerHead(models.Model):
    """The single row every writer locks to append: one writer at a time, so the chain never forks."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit ledger head")

    def __str__(self) -> str:
        return f"head #{self.seq}"
