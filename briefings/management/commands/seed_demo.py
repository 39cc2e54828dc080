from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from briefings.demo import DEMO_PASSWORD, seed_demo
from pcso.commands import command_context


class Command(BaseCommand):
    help = "Load the bundled demo (real City of London data, a dated demo feed, one user per role). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even with DJANGO_DEBUG=0 (demo users have a published password)"
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates users with a published password; run it with DJANGO_DEBUG=1 "
                "(make run does) or pass --force on a machine that is not production."
            )
        with command_context():
            result = seed_demo()
        busiest = result["busiest"]
        self.stdout.write(
            f"Demo loaded: {result['feed_rows']:,} dated demo crimes, {result['briefings']} briefings for today."
        )
        self.stdout.write(
            "Log in at http://127.0.0.1:8000/ with any of these (password for all: " + DEMO_PASSWORD + "):"
        )
        for user in result["users"]:
            where = f" - works in {busiest.name}" if user.assignment == "busiest" and busiest else ""
            where = " - supervises every neighbourhood" if user.assignment == "all" else where
            self.stdout.write(f"  {user.username:<13} {user.role}{where}")
