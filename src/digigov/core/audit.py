"""The shared kernel's ledger actions, with their labels and summaries (core/audit_actions.py, R0.4)."""

from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from digigov.core import rules
from digigov.core.audit_actions import Change, fields, model_fields, register, sentence, text
from digigov.core.models import CalendarDay, CalendarYear, Division, Membership, Organisation

# core/admin_views.py's AuditedViewSet writes "<app>.<model>.created|changed|deleted" for these models.
AUDITED_MODELS = (Division, Organisation, Membership, CalendarDay, CalendarYear)
VERBS = {"created": _("Added: {}"), "changed": _("Changed: {}"), "deleted": _("Deleted: {}")}


def _rule_changed(change: Change) -> str:
    found = rules.REGISTRY.get(change.entry.object_id)
    name = found.label if found else change.entry.object_id
    unit = f" {found.unit}" if found and found.unit else ""
    return gettext("%(rule)s: %(before)s → %(after)s") % {
        "rule": name,
        "before": f"{text(change.before.get('value'))}{unit}",
        "after": f"{text(change.after.get('value'))}{unit}",
    }


def _calendar_loaded(change: Change) -> str:
    return gettext("Years %(years)s: %(created)s days added, %(updated)s changed, %(deleted)s removed") % {
        "years": change.entry.object_id.replace("-", "–"),
        **{k: change.after.get(k, 0) for k in ("created", "updated", "deleted")},
    }


register("core.rule.changed", _("Rule parameter changed"), _rule_changed)
register("core.calendar.loaded", _("Official holiday calendar loaded"), _calendar_loaded)
register(
    "core.divisions.loaded",
    _("Divisions loaded"),
    sentence(_("%(created)s divisions added from %(file)s")),
)
register("core.inbox.registered", _("To-do assigned"), fields(title=_("to-do"), deadline=_("deadline")))
register("core.inbox.completed", _("To-do done"))
register("core.ledger.exported", _("Audit ledger exported"), sentence(_("Entries %(from)s to %(to)s")))
register(
    "core.backup.created",
    _("Backup made"),
    sentence(_("%(path)s: %(rows)s rows, %(files)s files, ledger up to #%(ledger_seq)s")),
)
register(
    "core.backup.restored",
    _("Restored from a backup"),
    sentence(_("%(path)s, made %(created_at)s; ledger up to #%(ledger_seq)s")),
)
for _model in AUDITED_MODELS:
    for _verb, _label in VERBS.items():
        register(
            f"{_model._meta.label_lower}.{_verb}",
            format_lazy(_label, _model._meta.verbose_name),
            model_fields(_model),
        )
register("core.job.started", _("Background job started"), fields(label=_("job")))
