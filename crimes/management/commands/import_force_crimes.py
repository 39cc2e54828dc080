from pathlib import Path

from django.core.management.base import BaseCommand

from crimes.importers.force_feed import force_feed_import
from crimes.management.commands._import import run_import


class Command(BaseCommand):
    help = "Import the force's dated crime feed (CSV, format in docs/force-feed.md). Idempotent by reference."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="FILE.csv")

    def handle(self, *args, paths, **options):
        files = [Path(p) for p in paths]
        run_import(self, import_function=force_feed_import, files=files, paths=files)
