from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from briefings.services.generate import briefing_generate
from community.models.neighbourhoods import Neighbourhood
from pcso.commands import command_context, progress_bar


def parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--date {value!r} is not YYYY-MM-DD") from exc


class Command(BaseCommand):
    help = "Build (or rebuild) the briefings for a date (default today), synchronously. One per neighbourhood per date."

    def add_arguments(self, parser):
        parser.add_argument("--date", metavar="YYYY-MM-DD")
        parser.add_argument("--neighbourhood", metavar="CODE")

    def handle(self, *args, date=None, neighbourhood=None, **options):
        day = parse_date(date) if date else timezone.localdate()
        neighbourhoods = Neighbourhood.objects.order_by("code")
        if neighbourhood:
            neighbourhoods = neighbourhoods.filter(code=neighbourhood)
            if not neighbourhoods.exists():
                raise CommandError(f"No neighbourhood with code {neighbourhood!r}")
        neighbourhoods = list(neighbourhoods)
        if not neighbourhoods:
            raise CommandError("There are no neighbourhoods: load them first (load_neighbourhoods).")
        with command_context(), progress_bar(total=len(neighbourhoods), desc="Briefings", unit="area") as bar:
            for each in neighbourhoods:
                briefing_generate(actor=None, neighbourhood=each, day=day)
                bar.update(1)
        self.stdout.write(f"Built {len(neighbourhoods)} briefing(s) for {day.isoformat()}")
