"""Errors of the signing app, rendered by every entry point in the one error shape."""

from django.utils.translation import gettext_lazy as _

from digigov.core.errors import DomainError


class NoSigningKeyError(DomainError):
    status = 409
    code = "no_signing_key"
    default_message = _("This organisation has no active signing key; its administrator must generate one.")
