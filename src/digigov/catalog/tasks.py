"""Background work of the catalogue: rebuilding the Chinese search index (R1.1) and importing the lists (R1.3) as
jobs with progress."""

from django.urls import reverse
from django.utils.translation import gettext as _

from digigov.catalog import search, services
from digigov.catalog.services.list_io import TITLES
from digigov.core.background import Outcome, background_task, keep_upload, kept_upload, launch
from digigov.core.models import BackgroundJob


@background_task
def reindex_catalogue(job, progress) -> Outcome:
    """After a bulk load or a change of the search dictionary; searches see the old index until the new one commits."""
    count = search.reindex_all(progress=progress)
    return Outcome(message=_("Indexed %(count)d resources.") % {"count": count})


@background_task
def list_import(job, progress, *, kind: str, upload: str, filename: str) -> Outcome:
    """The kept upload into one list, all rows or none; a refused file lists every bad cell on the job's page."""
    with kept_upload(upload) as data:
        created = services.list_import(actor=job.owner, kind=kind, data=data, filename=filename, progress=progress)
    return Outcome(message=_("%(n)s entries imported.") % {"n": created}, url=reverse("catalog_list", args=[kind]))


def list_import_start(*, actor, kind: str, upload) -> BackgroundJob:
    """Check the upload at once (the list, the right to import it, the file's size and type), then import in a job."""
    data = services.list_import_check(actor=actor, kind=kind, upload=upload)
    return launch(
        list_import,
        owner=actor,
        label=_("Import into the %(list)s") % {"list": TITLES[kind]},
        back_url=reverse("catalog_list", args=[kind]),
        kind=kind,
        upload=keep_upload(data, upload.name),
        filename=upload.name,
    )
