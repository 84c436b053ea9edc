"""Background work of licences (R6.1): an Excel batch issued as a job with a progress bar, all rows or none."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from digigov.core.background import Outcome, background_task, keep_upload, kept_upload, launch
from digigov.core.models import BackgroundJob
from digigov.licenses import selectors
from digigov.licenses.models import LicenceVersion
from digigov.licenses.services import batch, documents


@task()
def produce_documents(version_id: int) -> None:
    """The sealed PDF and OFD of a version just issued, changed or renewed (R6.1), made after the commit."""
    version = LicenceVersion.objects.filter(pk=version_id).first()
    if version is not None and not (version.pdf and version.ofd):
        documents.produce(version)


@background_task
def batch_import(job, progress, *, type_id: int, upload: str, filename: str) -> Outcome:
    """The kept upload issued as licences of one type; a refused file lists every bad cell on the job's page."""
    licence_type = selectors.type_by_pk(type_id)
    source_ref = f"job-{job.pk}"
    with kept_upload(upload) as data:
        count = batch.import_file(
            actor=job.owner,
            licence_type=licence_type,
            data=data,
            filename=filename,
            source_ref=source_ref,
            progress=progress,
        )
    url = reverse("licenses_licences") + f"?type={licence_type.pk}"
    return Outcome(message=_("%(n)s licences issued and sealed.") % {"n": count}, url=url)


def batch_import_start(*, actor, licence_type, upload) -> BackgroundJob:
    """Check at once (the right to issue the type, the file's size and real type), then issue in a job."""
    data = batch.import_check(actor=actor, licence_type=licence_type, upload=upload)
    return launch(
        batch_import,
        owner=actor,
        label=_("Issue licences from a batch: %(type)s") % {"type": licence_type.name},
        back_url=reverse("licenses_batch"),
        type_id=licence_type.pk,
        upload=keep_upload(data, upload.name),
        filename=upload.name,
    )
