from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from community.services.neighbourhoods import neighbourhoods_load_csv
from crimes.services import crimes_assign_neighbourhoods
from pcso.commands import command_context


class Command(BaseCommand):
    help = (
        "Load neighbourhoods from a CSV with header code,name,lsoa_code (one row per LSOA). "
        "Idempotent upsert; crimes already imported in those LSOAs move to the neighbourhood."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE.csv")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        with command_context():
            try:
                report = neighbourhoods_load_csv(actor=None, path=path)
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from exc
            placed = crimes_assign_neighbourhoods(actor=None)
        for error in report.errors:
            self.stderr.write(error)
        self.stdout.write(
            f"Loaded {report.summary}; crimes: {placed['moved']:,} placed, {placed['unassigned']:,} unassigned"
        )
