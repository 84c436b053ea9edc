"""The workflow kernel's ledger actions (core/audit_actions.py, R0.4)."""

from django.utils.translation import gettext_lazy as _

from digigov.core.audit_actions import fields, register, sentence

register("workflow.definition.created", _("Process definition created"), fields(key=_("key"), name=_("name")))
register("workflow.version.saved", _("Process version saved"), sentence(_("Version %(number)s")))
register("workflow.instance.started", _("Process started"), sentence(_("%(process)s version %(version)s")))
register("workflow.task.completed", _("Process task completed"), sentence(_("Task “%(name)s”")))
register("workflow.timer.fired", _("Process timer fired"), sentence(_("Timer “%(name)s”")))
register("workflow.instance.completed", _("Process completed"), sentence(_("Ended at %(ended_at)s")))
register("workflow.instance.cancelled", _("Process cancelled"), lambda change: "")  # the reason is appended
