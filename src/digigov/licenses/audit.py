"""The licences' ledger actions, with their labels and summaries (core/audit_actions.py, R0.4)."""

from django.utils.translation import gettext_lazy as _

from digigov.core.audit_actions import fields, register, sentence

register("licenses.type.saved", _("Licence type saved"), fields(code=_("licence type code"), name=_("name")))
register(
    "licenses.issued",
    _("Licence issued"),
    fields(identifier=_("licence identifier"), source=_("issued through")),
)
register(
    "licenses.issued_batch",
    _("Licences issued in a batch"),
    sentence(_("%(count)s licences of type %(type_code)s")),
)
register("licenses.changed", _("Licence changed"), fields(identifier=_("licence identifier")))
register(
    "licenses.renewed", _("Licence renewed"), fields(identifier=_("licence identifier"), valid_until=_("valid until"))
)
register("licenses.cancelled", _("Licence cancelled"), fields(number=_("licence number")))
register("licenses.revoked", _("Licence revoked"), fields(number=_("licence number")))
register("licenses.viewed", _("Licence opened"), fields(number=_("licence number")))
register(
    "licenses.case_issue_failed",
    _("Licence of a concluded case not issued"),
    sentence(_("Case %(case)s: %(problem)s")),
)
register(
    "licenses.documents.produced",
    _("Licence documents sealed"),
    fields(identifier=_("licence identifier"), seal=_("seal code")),
)
register(
    "licenses.copy.made",
    _("Licence copy made for one use"),
    fields(identifier=_("licence identifier"), use=_("use of the copy")),
)
register(
    "licenses.verified",
    _("Licence verified"),
    fields(identifier=_("licence identifier"), outcome=_("verification outcome"), channel=_("verified from")),
)
