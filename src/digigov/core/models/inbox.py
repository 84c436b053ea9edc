from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from digigov.core.choices import Role


class InboxItem(models.Model):
    """待办: a to-do a module puts on the workbench (统一工作台), assigned to an organisation and role or a person."""

    source = models.CharField(_("module"), max_length=50)
    kind = models.CharField(_("kind"), max_length=100)
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("link"), max_length=500)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=100, blank=True)
    assignee_org = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="inbox_items",
    )
    assignee_role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    assignee_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="inbox_items",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    working_days = models.PositiveSmallIntegerField(_("time limit (working days)"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("to-do")
        verbose_name_plural = _("to-dos")
        indexes = [models.Index(fields=["assignee_org", "done_at", "deadline"])]

    def __str__(self) -> str:
        return self.title

    @property
    def source_label(self) -> str:
        """The module's name as staff know it (the app's verbose name), e.g. 数据共享交换."""
        try:
            return str(apps.get_app_config(self.source).verbose_name)
        except LookupError:
            return self.source


class Notification(models.Model):
    """A message to one person, shown on the workbench until read."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title
