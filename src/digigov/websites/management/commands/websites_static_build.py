from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from wagtail.models import Site

from digigov.websites import static_publish


class Command(BaseCommand):
    help = "Write every public page of every site (or of the given hosts) as static files (after an upgrade)."

    def add_arguments(self, parser):
        parser.add_argument("hosts", nargs="*", help="host names of the sites to rebuild; all sites when none")

    def handle(self, *args, hosts, **options):
        if not static_publish.enabled():
            raise CommandError(_("Static publishing is off: set DIGIGOV_STATIC_SITES_ROOT."))
        sites = Site.objects.filter(hostname__in=hosts) if hosts else Site.objects.all()
        for site in sites.order_by("hostname"):
            count = static_publish.rebuild_site(site)
            self.stdout.write(_("%(site)s: %(count)d pages written.") % {"site": site.hostname, "count": count})
