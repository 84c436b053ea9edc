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

# --------------------------------------------------------------------------- wallet, uses and trust grades (R4.8, R6.2)
register("licenses.licence.shown", _("Licence shown (亮证)"), fields(identifier=_("licence identifier")))
register(
    "licenses.licence.downloaded",
    _("Licence downloaded by its holder"),
    fields(identifier=_("licence identifier"), format=_("document format (licence)")),
)
register(
    "licenses.authorisation.granted",
    _("Licence use authorised"),
    fields(
        identifier=_("licence identifier"), recipient=_("for whom"), purpose=_("purpose"), valid_until=_("valid until")
    ),
)
register(
    "licenses.authorisation.withdrawn",
    _("Licence use authorisation withdrawn"),
    fields(identifier=_("licence identifier"), recipient=_("for whom")),
)
register(
    "licenses.authorisation.redeemed",
    _("Licence used under an authorisation"),
    fields(identifier=_("licence identifier"), purpose=_("purpose"), user=_("used by")),
)
register(
    "licenses.use.case",
    _("Licence used in a service case"),
    fields(identifier=_("licence identifier"), case_number=_("case number"), purpose=_("purpose")),
)
register(
    "licenses.use.viewed",
    _("Licence data of a use opened"),
    fields(identifier=_("licence identifier"), case_number=_("case number")),
)
register(
    "licenses.use.copy_made",
    _("Watermarked copy of a licence made"),
    fields(identifier=_("licence identifier"), watermark=_("watermark")),
)
register(
    "licenses.counter.recorded",
    _("Licence recorded from a paper original at a counter"),
    fields(identifier=_("licence identifier"), number=_("licence number")),
)
register(
    "licenses.holder.declared",
    _("Licence declared by its holder under a promise"),
    fields(identifier=_("licence identifier"), promise_name=_("signed by")),
)
register("licenses.holder.uploaded", _("Licence scan uploaded by its holder"), fields(number=_("licence number")))
register(
    "licenses.holder.checked",
    _("Original of an uploaded licence checked"),
    fields(identifier=_("licence identifier"), number=_("licence number")),
)
register("licenses.holder.refused", _("Uploaded licence refused at the check"), fields(number=_("licence number")))
register("licenses.holder.scan_viewed", _("Uploaded licence scan opened"), fields(number=_("licence number")))
