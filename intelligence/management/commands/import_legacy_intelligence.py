import csv
from datetime import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import User
from community.models.neighbourhoods import Neighbourhood
from intelligence.choices import Dissemination
from intelligence.policies import is_intelligence_unit
from intelligence.services import intelligence_log_import_legacy
from pcso.commands import command_context

COLUMNS = {"reference", "occurred_at", "text", "source", "intelligence", "handling"}


def parse_when(value: str) -> datetime:
    """ "2014-03-02" or "2014-03-02T21:15" (local time)."""
    parsed = datetime.fromisoformat(value.strip())
    return timezone.make_aware(parsed) if parsed.tzinfo is None else parsed


class Command(BaseCommand):
    help = (
        "Import old intelligence reports graded 5x5x5 from a CSV with header "
        "reference,occurred_at,text,source,intelligence,handling[,location,neighbourhood,dissemination]. "
        "They are displayed with their legacy grade and never re-graded. Idempotent by reference; "
        "bad rows are reported with file and line and the rest import."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE.csv")
        parser.add_argument("--user", required=True, help="The intelligence officer recording the import")

    def handle(self, *args, file, user, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        actor = User.objects.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(f"No active user {user}.")
        if not is_intelligence_unit(actor):
            raise CommandError("Only the intelligence unit imports: give an intelligence officer's --user.")
        neighbourhoods = dict(Neighbourhood.objects.values_list("code", "pk"))
        created = unchanged = bad = 0
        with command_context(), path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = COLUMNS - set(reader.fieldnames or [])
            if missing:
                raise CommandError(f"{path}: missing columns {', '.join(sorted(missing))}")
            for row in reader:
                try:
                    _, new = intelligence_log_import_legacy(actor=actor, values=self.values(row, neighbourhoods))
                except (ValidationError, ValueError) as exc:
                    bad += 1
                    messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
                    self.stderr.write(f"{path}:{reader.line_num}: {'; '.join(messages)}")
                    continue
                created, unchanged = created + new, unchanged + (not new)
        self.stdout.write(f"Imported {created} old reports, {unchanged} already there, {bad} bad rows skipped")

    @staticmethod
    def values(row: dict, neighbourhoods: dict) -> dict:
        code = (row.get("neighbourhood") or "").strip()
        if code and code not in neighbourhoods:
            raise ValueError(f"no neighbourhood {code}")
        dissemination = (row.get("dissemination") or "").strip() or Dissemination.UNIT
        if dissemination not in Dissemination.values:
            raise ValueError(f"dissemination must be one of {', '.join(Dissemination.values)}")
        return {
            "legacy_reference": row["reference"],
            "occurred_at": parse_when(row["occurred_at"]),
            "text": row["text"],
            "location_text": row.get("location") or "",
            "neighbourhood_id": neighbourhoods.get(code),
            "dissemination": dissemination,
            "legacy_source": row["source"],
            "legacy_intelligence": row["intelligence"],
            "legacy_handling": row["handling"],
        }
