"""Process definitions, their immutable versions, running instances and the user tasks they open
(docs/adr/0003-eservices-workflow.md §4). The engine's state is JSON on the instance; what screens, the API and the
inbox read is in plain columns."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digigov.workflow.choices import InstanceStatus, TaskStatus


class ProcessDefinition(models.Model):
    """A process people design and run (并联审批, 企业开办 …); `owner` None = platform-wide."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    owner = models.ForeignKey(
        "core.Organisation", verbose_name=_("owner"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    current = models.ForeignKey(
        "ProcessVersion",
        verbose_name=_("current version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("process definition")
        verbose_name_plural = _("process definitions")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.name


class ProcessVersion(models.Model):
    """One saved version of a definition, never changed afterwards: instances run on the version they started on."""

    definition = models.ForeignKey(
        ProcessDefinition, verbose_name=_("process definition"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    bpmn_xml = models.TextField(_("process model (BPMN)"))
    process_id = models.CharField(_("process id"), max_length=100)
    spec = models.JSONField(_("engine specification"))
    sha256 = models.CharField(_("checksum (SHA-256)"), max_length=64)
    lanes = models.JSONField(_("lanes"), default=list)  # [{"name", "scope": lead|part, "part", "role"}]
    tasks = models.JSONField(_("user tasks"), default=dict)  # {"accept": {"name", "lane", "working_days"}}
    diagram_svg = models.TextField(_("diagram"), blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        verbose_name = _("process version")
        verbose_name_plural = _("process versions")
        ordering = ["definition", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["definition", "number"], name="workflow_version_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.definition} v{self.number}"


class ProcessInstance(models.Model):
    """One run of a version, owned by a domain object (an eservices case) named by `owner_type`/`owner_id`."""

    version = models.ForeignKey(
        ProcessVersion, verbose_name=_("process version"), on_delete=models.PROTECT, related_name="instances"
    )
    owner_type = models.CharField(_("owner type"), max_length=100, blank=True)
    owner_id = models.CharField(_("owner id"), max_length=100, blank=True)
    organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("lead organisation"), on_delete=models.PROTECT, related_name="+"
    )
    parts = models.JSONField(_("co-reviewing organisations"), default=dict)  # {"seal": organisation id}
    # The engine's state as the JSON text it wrote: PostgreSQL's jsonb would reorder the task tree's keys, and the
    # engine restores a tree in the order it was written.
    state = models.TextField(_("engine state"))
    engine_format = models.CharField(_("engine format"), max_length=10)
    revision = models.PositiveIntegerField(_("revision"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=InstanceStatus.choices, default=InstanceStatus.RUNNING
    )
    next_timer_at = models.DateTimeField(_("next timer"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("process instance")
        verbose_name_plural = _("process instances")
        indexes = [
            models.Index(fields=["owner_type", "owner_id"], name="workflow_instance_owner_idx"),
            models.Index(
                fields=["next_timer_at"],
                name="workflow_instance_timer_idx",
                condition=models.Q(next_timer_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} #{self.pk}"


class UserTask(models.Model):
    """A user task the engine opened: who must do it, by when, and who did it."""

    instance = models.ForeignKey(
        ProcessInstance, verbose_name=_("process instance"), on_delete=models.CASCADE, related_name="tasks"
    )
    task_uuid = models.UUIDField(_("engine task"))
    element_id = models.CharField(_("element"), max_length=100)
    name = models.CharField(_("name"), max_length=200)
    lane = models.CharField(_("lane"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=20)
    part = models.CharField(_("part"), max_length=50, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("user task")
        verbose_name_plural = _("user tasks")
        ordering = ["opened_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["instance", "task_uuid"], name="workflow_task_uuid_unique"),
        ]
        indexes = [models.Index(fields=["organisation", "status", "due_on"], name="workflow_task_queue_idx")]

    def __str__(self) -> str:
        return self.name
