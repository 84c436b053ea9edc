"""Errors every layer raises and every entry point renders the same way: code, Chinese message, field errors."""

from collections.abc import Mapping, Sequence

from django.core.exceptions import FieldDoesNotExist
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Messages per field name; lazy translations allowed (rendered with str() at the edge).
FieldMessages = Mapping[str, Sequence[str | Promise]]


def max_length(model, field: str) -> int:
    """The `max_length` of a text field of `model`: what a service must check before PostgreSQL does."""
    limit = model._meta.get_field(field).max_length
    if limit is None:
        raise TypeError(f"{model.__name__}.{field} has no max_length")
    return limit


class DomainError(Exception):
    """A rule of the platform refused the request. Rendered by the API as HTTP `status` with the one error shape."""

    status = 400
    code = "invalid"
    default_message = _("The request cannot be processed.")

    def __init__(
        self, message: str | Promise | None = None, *, code: str | None = None, fields: FieldMessages | None = None
    ):
        self.message = message if message is not None else self.default_message
        if code:
            self.code = code
        self.fields: FieldMessages = fields or {}
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


class FieldErrors:
    """Collect every problem of a form-like input, then raise them together as one DomainError.

    A service checks all fields before it refuses, so the person fixes everything in one go:

        errors = FieldErrors()
        if not name:
            errors.add("name", _("This field is required."))
        errors.raise_if_any()  # DomainError(first message, code="invalid", fields={"name": [...]})
    """

    def __init__(self, *, code: str | None = None, error_class: type[DomainError] = DomainError):
        self.fields: dict[str, list[str | Promise]] = {}
        self.code = code
        self.error_class = error_class

    @classmethod
    def one(
        cls,
        field: str,
        message: str | Promise,
        *,
        summary: str | Promise | None = None,
        code: str | None = None,
        error_class: type[DomainError] = DomainError,
    ) -> DomainError:
        """One field's problem as the error to raise, when nothing else needs checking first:

        raise FieldErrors.one("reason", _("This field is required."), summary=_("Give the reason."))
        """
        errors = cls(code=code, error_class=error_class)
        errors.add(field, message)
        return errors.error(summary)

    def add(self, field: str, message: str | Promise) -> None:
        self.fields.setdefault(field, []).append(message)

    def check_lengths(self, model, values: Mapping, *, prefix: str = "") -> None:
        """An error at each text of `values` longer than the `max_length` of `model`'s field of that name.

        PostgreSQL refuses such a value with an error (a 500 at the API); SQLite would silently keep it. Names
        that are not fields of `model`, and fields without a limit, are skipped; `prefix` keys the errors
        (`items.2.`)."""
        for name, value in values.items():
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            limit = getattr(field, "max_length", None)
            if limit and isinstance(value, str) and len(value) > limit:
                self.add(
                    prefix + name,
                    _("“%(field)s” can have at most %(max)s characters; this one has %(n)s.")
                    % {"field": field.verbose_name, "max": limit, "n": len(value)},
                )

    def update(self, fields: FieldMessages) -> None:
        for field, messages in fields.items():
            for message in messages:
                self.add(field, message)

    def __bool__(self) -> bool:
        return bool(self.fields)

    def __contains__(self, field: str) -> bool:
        return field in self.fields

    def error(self, message: str | Promise | None = None) -> DomainError:
        """The error to raise (`code`, or the error class's own); its message is `message` or the first field's
        first message."""
        first = message if message is not None else next(iter(self.fields.values()))[0]
        return self.error_class(first, code=self.code, fields=self.fields)

    def raise_if_any(self, message: str | Promise | None = None) -> None:
        if self.fields:
            raise self.error(message)
