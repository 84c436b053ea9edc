"""Background work of the website cluster: rebuilding a site's static files after a change to its frame."""

from django.utils.translation import gettext as _
from wagtail.models import Site

from digigov.core.background import Outcome, background_task
from digigov.websites import static_publish


@background_task
def site_static_rebuild(job, progress, *, site_id: int) -> Outcome:
    site = Site.objects.get(pk=site_id)
    written = static_publish.rebuild_site(site, progress=lambda done, total: progress(done, total))
    return Outcome(message=_("%(count)d pages of %(site)s written as static files.") % {"count": written, "site": site})
