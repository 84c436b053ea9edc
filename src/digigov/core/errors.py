"""Errors every layer raises and every entry point renders the same way: code, Chinese message, field errors."""

from collections.abc import Mapping, Sequence

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Messages per field name; lazy translations allowed (rendered with str() at the edge).
FieldErrors = Mapping[str, Sequence[str | Promise]]


class DomainError(Exception):
    """A rule of the platform refused the request. Rendered by the API as HTTP `status` with the one error shape."""

    status = 400
    code = "invalid"
    default_message = _("The request cannot be processed.")

    def __init__(self, message=None, *, code: str | None = None, fields: FieldErrors | None = None):
        self.message = message if message is not None else self.default_message
        if code:
            self.code = code
        self.fields: FieldErrors = fields or {}
        super().__init__(str(self.message))


class PermissionDeniedError(DomainError):
    status = 403
    code = "permission_denied"
    default_message = _("You do not have permission to do this for that organisation.")


class NotFoundError(DomainError):
    status = 404
    code = "not_found"
    default_message = _("The object does not exist or is not visible to you.")


class ConflictError(DomainError):
    status = 409
    code = "conflict"
    default_message = _("The object has changed state; reload and try again.")
