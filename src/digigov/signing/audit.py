"""Signing's ledger actions, with their labels and summaries (core/audit_actions.py, R0.4)."""

from django.utils.translation import gettext_lazy as _

from digigov.core.audit_actions import fields, register

register(
    "signing.key.generated", _("Signing key generated"), fields(fingerprint=_("fingerprint"), replaces=_("replaces"))
)
register("signing.key.revoked", _("Signing key revoked"), fields(fingerprint=_("fingerprint")))
register(
    "signing.signed",
    _("Data signed"),
    fields(purpose=_("purpose"), data_bytes=_("bytes"), key_fingerprint=_("key fingerprint")),
)
register(
    "signing.kek.reset",
    _("Key-encryption key reset"),
    fields(revoked=_("keys revoked"), fingerprint=_("new key-encryption key (fingerprint)")),
)
register("signing.seal_maker.created", _("Seal maker's root certificate made"), fields(fingerprint=_("fingerprint")))
register(
    "signing.seal.requested",
    _("Seal request submitted"),
    fields(request=_("request"), seal=_("seal code"), kind=_("seal kind")),
)
register(
    "signing.seal.request_decided",
    _("Seal request decided"),
    fields(state=_("decision"), request=_("request"), seal=_("seal code")),
)
register(
    "signing.seal.made",
    _("Electronic seal made"),
    fields(code=_("seal code"), name=_("seal name"), valid_until=_("valid until"), replaces=_("replaces")),
)
register("signing.seal.status_changed", _("Seal status changed"), fields(code=_("seal code"), status=_("new status")))
register(
    "signing.seal_used",
    _("Electronic seal used"),
    fields(purpose=_("purpose"), code=_("seal code"), data_sm3=_("data SM3"), count=_("items sealed")),
)
