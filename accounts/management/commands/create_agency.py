from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.choices import AgencyKind
from accounts.services import agency_upsert
from pcso.commands import command_context


class Command(BaseCommand):
    help = "Create or update a partner agency (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("code")
        parser.add_argument("--name", required=True)
        parser.add_argument("--kind", required=True, choices=AgencyKind.values)
        parser.add_argument("--email", default="", help="Contact email")
        parser.add_argument("--phone", default="", help="Contact phone")

    def handle(self, *args, code, name, kind, email, phone, **options):
        with command_context():
            try:
                agency, created = agency_upsert(
                    actor=None, code=code, name=name, kind=kind, contact_email=email, contact_phone=phone
                )
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"{'Created' if created else 'Up to date'}: agency {agency.code} ({agency.name})")
