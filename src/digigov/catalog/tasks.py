"""Background work of the catalogue: rebuilding the Chinese search index as a job with progress (R1.1)."""

from django.utils.translation import gettext as _

from digigov.catalog import search
from digigov.core.background import Outcome, background_task


@background_task
def reindex_catalogue(job, progress) -> Outcome:
    """After a bulk load or a change of the search dictionary; searches see the old index until the new one commits."""
    count = search.reindex_all(progress=progress)
    return Outcome(message=_("Indexed %(count)d resources.") % {"count": count})
