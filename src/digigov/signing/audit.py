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
