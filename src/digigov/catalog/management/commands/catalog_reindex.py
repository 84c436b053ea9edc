from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from digigov.catalog import search


class Command(BaseCommand):
    help = "Rebuild the Chinese full-text index of the catalogue (after a bulk load or a dictionary change)."

    def handle(self, *args, **options):
        count = search.reindex_all()
        self.stdout.write(_("Indexed %(count)d resources.") % {"count": count})
