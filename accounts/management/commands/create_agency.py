from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.choices import AgencyKind
from accounts.models import PartnerAgency
from accounts.services import agency_upsert
from pcso.commands import command_context


class Command(BaseCommand):
    help = "Create or update a partner agency (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("code")
        parser.add_argument("--name", required=True)
        parser.add_argument("--kind", required=True, choices=AgencyKind.values)
        parser.add_argument("--email", help="Contact email (left as it is when not given)")
        parser.add_argument("--phone", help="Contact phone (left as it is when not given)")
        parser.add_argument("--contact", help="Contact person's name (left as it is when not given)")

    def handle(self, *args, code, name, kind, email, phone, contact, **options):
        # Contacts are only changed when given, so re-running with just --name and
        # --kind does not wipe them.
        contacts = {
            key: value
            for key, value in (("contact_email", email), ("contact_phone", phone), ("contact_name", contact))
            if value is not None
        }
        stamp = PartnerAgency.objects.filter(code=code).values_list("updated_at", flat=True).first()
        with command_context():
            try:
                agency, created = agency_upsert(actor=None, code=code, name=name, kind=kind, **contacts)
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from exc
        status = "Created" if created else "Updated" if agency.updated_at != stamp else "Up to date"
        self.stdout.write(f"{status}: agency {agency.code} ({agency.name})")
