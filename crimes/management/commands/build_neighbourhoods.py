from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from crimes.neighbourhoods import GROUPINGS, neighbourhoods_build_from_crimes
from pcso.commands import command_context


class Command(BaseCommand):
    help = (
        "Build neighbourhoods from imported data.police.uk crimes: the LSOAs inside a force outline (KML), "
        "one neighbourhood per MSOA (default) or per LSOA. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force-boundary", required=True, type=Path, metavar="FORCE.kml")
        parser.add_argument("--group", choices=GROUPINGS, default="msoa")
        parser.add_argument(
            "--lsoa-boundaries", type=Path, metavar="DIR", help="Folder of <LSOA code>.geojsonl polygons"
        )

    def handle(self, *args, force_boundary, group, lsoa_boundaries, **options):
        if not force_boundary.is_file():
            raise CommandError(f"{force_boundary}: no such file")
        if lsoa_boundaries is not None and not lsoa_boundaries.is_dir():
            raise CommandError(f"{lsoa_boundaries}: no such folder")
        with command_context():
            try:
                report = neighbourhoods_build_from_crimes(
                    actor=None, force_boundary_path=force_boundary, group=group, lsoa_polygons_dir=lsoa_boundaries
                )
            except (ValueError, OSError) as exc:
                raise CommandError(str(exc)) from exc
        if report.lsoas_inside == 0:
            raise CommandError("No imported crimes fall inside that boundary: import data.police.uk files first.")
        self.stdout.write(f"Built {report.summary}")
