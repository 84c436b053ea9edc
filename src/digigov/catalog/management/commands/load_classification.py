"""Load the national classification 类/项/目 of the catalogue (发改高技〔2017〕1272号); safe to run again."""

from django.core.management.base import BaseCommand

from digigov.catalog.services import classification_seed


class Command(BaseCommand):
    help = "Create or update the catalogue classification from catalog/data/classification.csv."

    def handle(self, *args, **options):
        result = classification_seed()
        self.stdout.write(f"classification: {result.created} created, {result.updated} updated")
