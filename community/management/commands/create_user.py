import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.choices import Role
from accounts.models import PartnerAgency
from accounts.services import user_upsert
from community.choices import AssignmentKind
from community.models.neighbourhoods import Neighbourhood
from community.services.neighbourhoods import assignments_set
from pcso.commands import command_context


class Command(BaseCommand):
    help = (
        "Create a user, or update the role and assignments of an existing one. "
        "Supervisors supervise the given neighbourhoods; other officers work in them."
    )

    # call_command(..., stdin=StringIO("...")) feeds --password-stdin (as createsuperuser does).
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--neighbourhood", action="append", default=[], metavar="CODE")
        parser.add_argument("--agency", metavar="CODE")
        parser.add_argument("--email", default="")
        parser.add_argument("--password-stdin", action="store_true", help="Read the password from standard input")

    def handle(self, *args, username, role, neighbourhood, agency, email, password_stdin, **options):
        stdin = options.get("stdin") or sys.stdin
        password = stdin.readline().rstrip("\r\n") if password_stdin else None
        if password_stdin and not password:
            raise CommandError("--password-stdin given but no password was read.")
        partner_agency = self.find_agency(agency)
        neighbourhoods = self.find_neighbourhoods(neighbourhood)
        if role == Role.PARTNER and neighbourhoods:
            raise CommandError("Partner users are not assigned to neighbourhoods.")
        kind = AssignmentKind.SUPERVISOR if role == Role.SUPERVISOR else AssignmentKind.MEMBER
        with command_context(), transaction.atomic():
            try:
                user, created = user_upsert(
                    actor=None, username=username, role=role, agency=partner_agency, email=email, password=password
                )
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from exc
            for each_kind in AssignmentKind.values:
                wanted = neighbourhoods if each_kind == kind else []
                assignments_set(actor=None, user=user, neighbourhoods=wanted, kind=each_kind)
        self.stdout.write(f"{'Created' if created else 'Updated'}: {user.username} ({user.get_role_display()})")

    @staticmethod
    def find_agency(code):
        if not code:
            return None
        agency = PartnerAgency.objects.filter(code=code).first()
        if agency is None:
            raise CommandError(f"No agency with code {code!r}; create it with create_agency first.")
        return agency

    @staticmethod
    def find_neighbourhoods(codes):
        found = {n.code: n for n in Neighbourhood.objects.filter(code__in=codes)}
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise CommandError(f"Unknown neighbourhood code(s): {', '.join(unknown)}")
        return [found[code] for code in codes]
