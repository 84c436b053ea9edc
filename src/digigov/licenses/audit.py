"""The licences' ledger actions, with their labels and summaries (core/audit_actions.py, R0.4)."""

from django.utils.translation import gettext_lazy as _

from digigov.core.audit_actions import fields, register

register("licenses.type.saved", _("Licence type saved"), fields(code=_("licence type code"), name=_("name")))
register(
    "licenses.issued",
    _("Licence issued"),
    fields(identifier=_("licence identifier"), source=_("issued through")),
)
