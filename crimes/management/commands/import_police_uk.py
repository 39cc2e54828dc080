from pathlib import Path

from django.core.management.base import BaseCommand

from crimes.importers.police_uk import find_street_files, police_uk_import
from crimes.management.commands._import import run_import


class Command(BaseCommand):
    help = (
        "Import data.police.uk street-level crime CSVs (files, or folders searched for *-street.csv). "
        "Idempotent; a newer download of a month updates outcomes."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")

    def handle(self, *args, paths, **options):
        files, _ = find_street_files(paths)
        run_import(self, import_function=police_uk_import, files=files, paths=[Path(p) for p in paths])
