"""Files only some people may see (an error report's evidence, …): stored apart, served after a permission check,
every read recorded (issue 9, item 8; R0.4, R0.5).

Uploads of this kind live under DIGIGOV_PRIVATE_ROOT (VAR_DIR/private), never under MEDIA_ROOT: whatever a web
server in front publishes as /media/, these files are not in it. A FileField stores them there with
`storage=private_storage`; the field's `.url` is then `/files/<name>`, the one view that serves them:

    # exchange/apps.py, ready():
    private_files.register(
        "exchange/error-reports/",
        find=lambda actor, name: error_report_list(actor=actor).filter(attachment=name).first(),  # None: 404
        action="exchange.error_report.attachment_read",  # a registered ledger action: every read is recorded
    )

The view answers 404 to anyone the app's `find` does not give the object to (not 403: a stranger learns nothing
of which files exist), and sends the file as a download (`Content-Disposition: attachment`, nosniff, a sandboxing
Content-Security-Policy, no caching), so an uploaded HTML or SVG never runs on the platform's origin. Behind nginx,
DIGIGOV_PRIVATE_FILES_ACCEL (e.g. "/_private/") hands the sending to nginx with X-Accel-Redirect after the same
check (docs/deploy.md shows the `internal` location).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import transaction
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property

from digigov.core import ledger
from digigov.core.errors import NotFoundError
from digigov.core.permissions import acting_organisation


@deconstructible(path="digigov.core.private_files.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """Files under DIGIGOV_PRIVATE_ROOT whose URL is the permission-checked view."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.DIGIGOV_PRIVATE_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "DIGIGOV_PRIVATE_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name: str | None) -> str:
        return reverse("core_private_file", kwargs={"name": name})


def private_storage() -> PrivateStorage:
    """The storage of private files (STORAGES["private"]): a callable, so migrations name it, not a path."""
    return storages["private"]


@dataclass(frozen=True)
class Reader:
    prefix: str
    find: Callable[[Any, str], Any]  # (actor, name) -> the object the file belongs to, or None
    action: str  # ledger action recorded for every read
    organisation: Callable[[Any, Any], Any] | None = None  # (actor, obj) -> organisation of the entry


READERS: list[Reader] = []


def register(prefix: str, *, find, action: str, organisation=None) -> None:
    """Declare who may read the private files stored under `prefix` (an app calls this from its ready())."""
    READERS[:] = [r for r in READERS if r.prefix != prefix] + [Reader(prefix, find, action, organisation)]


@transaction.atomic
def private_file_open(*, actor, name: str):
    """The file `name` for `actor`, recorded in the ledger; NotFoundError if nobody registered its folder, the
    actor may not see the object it belongs to, or it is gone."""
    reader = next((r for r in READERS if name.startswith(r.prefix)), None)
    obj = reader.find(actor, name) if reader is not None and actor.is_authenticated else None
    storage = private_storage()
    if obj is None or not storage.exists(name):
        raise NotFoundError()
    organisation = reader.organisation(actor, obj) if reader.organisation else acting_organisation(actor)
    ledger.record(action=reader.action, actor=actor, organisation=organisation, obj=obj, after={"file": name})
    return storage.open(name, "rb")
