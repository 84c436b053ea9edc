"""Data services and their mounting to catalogue resources (数据服务, 挂接; R1.4, R1.5)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from digigov.core.permissions import OrgScopedQuerySet
from digigov.exchange.choices import ServiceKind, ServiceStatus, TableSource


class ProviderScopedQuerySet(OrgScopedQuerySet):
    org_field = "provider"


class HostedTable(models.Model):
    """A table the platform hosts for a provider: uploaded CSV/Excel or synchronised rows."""

    provider = models.ForeignKey("core.Organisation", verbose_name=_("provider"), on_delete=models.PROTECT)
    name = models.CharField(_("name"), max_length=200)
    columns = models.JSONField(_("columns"), default=list)
    key_column = models.CharField(_("key column"), max_length=60, help_text=_("Column looked up by key queries."))
    source = models.CharField(_("source"), max_length=20, choices=TableSource.choices, default=TableSource.UPLOAD)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    loaded_at = models.DateTimeField(_("loaded at"), null=True, blank=True)

    objects = ProviderScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("hosted table")
        verbose_name_plural = _("hosted tables")
        ordering = ["provider_id", "name"]

    def __str__(self) -> str:
        return self.name


class HostedRow(models.Model):
    table = models.ForeignKey(HostedTable, on_delete=models.CASCADE, related_name="rows")
    row_no = models.PositiveIntegerField()
    key = models.CharField(max_length=100)
    data = models.JSONField()

    class Meta:
        ordering = ["table_id", "row_no"]
        # row_no in the key index: a lookup by key returns its rows in order straight from the index. With (table,
        # key) alone SQLite walked the whole table in row order instead (1.3 ms at 10,000 rows, linear in size).
        indexes = [models.Index(fields=["table", "key", "row_no"], name="exchange_row_key_idx")]
        constraints = [models.UniqueConstraint(fields=["table", "row_no"], name="exchange_row_unique_no")]

    def __str__(self) -> str:
        return f"{self.table_id}#{self.row_no} {self.key}"


class DataService(models.Model):
    """数据服务: an upstream HTTP API of a provider, or a table the platform hosts, serving catalogue resources."""

    provider = models.ForeignKey("core.Organisation", verbose_name=_("provider"), on_delete=models.PROTECT)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ServiceKind.choices)
    endpoint = models.URLField(
        _("endpoint"),
        blank=True,
        help_text=_("For an upstream API: the URL; the key is passed as ?key=…, a page as ?page=…&size=…"),
    )
    probe_url = models.URLField(
        _("probe URL"), blank=True, help_text=_("Checked on a schedule; the endpoint if empty.")
    )
    table = models.OneToOneField(
        HostedTable, verbose_name=_("hosted table"), null=True, blank=True, on_delete=models.PROTECT
    )
    status = models.CharField(_("status"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE)
    last_probe_at = models.DateTimeField(_("last probed"), null=True, blank=True)
    failures = models.PositiveIntegerField(_("consecutive failed probes"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ProviderScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("data service")
        verbose_name_plural = _("data services")
        ordering = ["provider_id", "name"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind=ServiceKind.HOSTED_TABLE, table__isnull=False))
                | (models.Q(kind=ServiceKind.UPSTREAM_API, table__isnull=True) & ~models.Q(endpoint="")),
                name="exchange_service_kind_matches_source",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Mount(models.Model):
    """挂接: a data service mounted to a catalogue resource, its fields mapped to the resource's items."""

    resource = models.ForeignKey("catalog.Resource", verbose_name=_("resource"), on_delete=models.PROTECT)
    service = models.ForeignKey(DataService, verbose_name=_("data service"), on_delete=models.PROTECT)
    field_map = models.JSONField(_("field map"), help_text=_("Information item identifier → service field."))
    is_active = models.BooleanField(_("active"), default=True)
    mounted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("mounted by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    mounted_at = models.DateTimeField(_("mounted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("mount")
        verbose_name_plural = _("mounts")
        constraints = [
            models.UniqueConstraint(
                fields=["resource"], condition=models.Q(is_active=True), name="exchange_one_active_mount_per_resource"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resource} ← {self.service}"


class ServiceProbe(models.Model):
    """One availability check of a data service."""

    service = models.ForeignKey(DataService, on_delete=models.CASCADE, related_name="probes")
    at = models.DateTimeField()
    ok = models.BooleanField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    latency_ms = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["service_id", "-at"]
        indexes = [models.Index(fields=["service", "-at"])]

    def __str__(self) -> str:
        return f"{self.service_id} {self.at:%Y-%m-%d %H:%M} {'ok' if self.ok else self.error}"
