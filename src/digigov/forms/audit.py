"""The forms kernel's ledger actions (core/audit_actions.py, R0.4)."""

from django.utils.translation import gettext_lazy as _

from digigov.core.audit_actions import fields, register, sentence

register("forms.definition.created", _("Form created"), fields(key=_("key"), name=_("name")))
register("forms.version.saved", _("Form version saved"), sentence(_("Form version %(number)s")))
