"""What the JSON API accepts before a route runs: numbers the database can hold, bodies that are JSON objects,
text without NUL characters. Each refusal is a 4xx with the one error shape, never a 500 (issue 9).

Routes type their numbers with the bounded types below (`resource_id: Id`, `page: PageNumber`); a bare `int`
accepts 2**100, which SQLite refuses with OverflowError and PostgreSQL with "out of range", both 500s.
`InputParser` is the NinjaAPI's parser: it refuses, for every route at once, a body that is not a JSON object
(`[]`, `false`, `[null, null]` passed a schema whose fields all have defaults), an integer literal beyond 64 bits,
and a NUL character in a query value, a form field, a file name or a JSON string (PostgreSQL cannot store one).
"""

import json
from typing import Annotated

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from ninja.params.models import _HttpRequest as FormFieldRequest
from ninja.parser import Parser
from pydantic import Field

from digigov.core.errors import DomainError

BIGINT_MAX = 2**63 - 1  # bigint / SQLite INTEGER: primary keys (BigAutoField)
INT_MAX = 2**31 - 1  # integer (IntegerField, PositiveIntegerField) on PostgreSQL

Id = Annotated[int, Field(ge=1, le=BIGINT_MAX)]
Count = Annotated[int, Field(ge=0, le=INT_MAX)]  # a PositiveIntegerField: lengths, version numbers
PositiveCount = Annotated[int, Field(ge=1, le=INT_MAX)]  # quotas, version numbers from 1
# Page numbers stay far below what OFFSET (page - 1) * size can hold.
PageNumber = Annotated[int, Field(ge=1, le=1_000_000)]


class InputError(DomainError):
    status = 400
    code = "invalid_input"
    default_message = _("The request cannot be read.")


NOT_JSON = _("The request body is not valid JSON.")
NOT_AN_OBJECT = _("The request body must be a JSON object.")
NUMBER_TOO_LARGE = _("A number in the request is too large.")
NUL_CHARACTER = _("The text contains a NUL character (\\0), which is not allowed.")


def _int_within_64_bits(literal: str) -> int:
    value = int(literal)
    if not -BIGINT_MAX - 1 <= value <= BIGINT_MAX:
        raise InputError(NUMBER_TOO_LARGE, fields={"": [NUMBER_TOO_LARGE]})
    return value


def _nul_field(value, path: str = "") -> str | None:
    """The dotted path of the first string (key or value) in `value` containing NUL, or None."""
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            inner = f"{path}.{key}" if path else str(key)
            if "\x00" in str(key):
                return inner
            found = _nul_field(item, inner)
            if found is not None:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _nul_field(item, f"{path}.{index}" if path else str(index))
            if found is not None:
                return found
    return None


def _refuse_nul(field: str) -> None:
    raise InputError(NUL_CHARACTER, fields={field: [NUL_CHARACTER]})


class InputParser(Parser):
    """The parser of our NinjaAPI. `exempt_prefixes`: paths whose routes check their own input (the exchange
    gateway logs every refused call itself, so nothing may answer for it first)."""

    def __init__(self, *, exempt_prefixes: tuple[str, ...] = ()):
        self.exempt_prefixes = exempt_prefixes

    def _exempt(self, request) -> bool:
        path = getattr(request, "path", "") or ""
        return bool(self.exempt_prefixes) and path.startswith(self.exempt_prefixes)

    def parse_body(self, request):
        try:
            data = json.loads(request.body, parse_int=_int_within_64_bits)
        except InputError:
            raise
        except ValueError:  # also UnicodeDecodeError
            raise InputError(NOT_JSON, code="invalid_json") from None
        if self._exempt(request):
            return data
        # A form field read as JSON (ninja's multipart bodies) may be any value; a request body is an object.
        if not isinstance(request, FormFieldRequest) and not isinstance(data, dict):
            raise InputError(NOT_AN_OBJECT, code="invalid_body")
        field = _nul_field(data)
        if field is not None:
            _refuse_nul(field)
        return data

    def parse_querydict(self, data, list_fields, request):
        result = super().parse_querydict(data, list_fields, request)
        if self._exempt(request):
            return result
        for key, value in result.items():
            for item in value if isinstance(value, list) else [value]:
                text = (item.name or "") if isinstance(item, UploadedFile) else item
                if "\x00" in key or (isinstance(text, str) and "\x00" in text):
                    _refuse_nul(key)
        return result
