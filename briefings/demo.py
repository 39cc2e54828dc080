"""The bundled demo: real City of London data, a dated demo feed, one user per role.

data.police.uk publishes months, late, and without dates, but a briefing needs
the last few days. The demo therefore re-dates the bundled public rows of the
last three months onto the six weeks before today, deterministically (a hash of
each row picks its day and time), and imports them through the force-feed
importer with is_demo=True, so every page that shows them says "demo data".
Running the demo again on the same day changes nothing.
"""

import csv
import hashlib
import tempfile
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from accounts.choices import AgencyKind, Role
from accounts.models import PartnerAgency, User
from accounts.services import agency_upsert, user_upsert
from briefings.services.generate import briefing_generate
from community.choices import AssignmentKind
from community.models.neighbourhoods import Neighbourhood
from community.services.neighbourhoods import assignments_set
from crimes.choices import CrimeSource
from crimes.importers.force_feed import HEADER as FEED_HEADER
from crimes.importers.force_feed import force_feed_import
from crimes.importers.police_uk import police_uk_import
from crimes.models import Crime
from crimes.neighbourhoods import neighbourhoods_build_from_crimes
from partners.models import SharingAgreement
from partners.services.agreements import agreement_create

SAMPLE = Path(settings.BASE_DIR) / "sample_data" / "police_uk"
DEMO_DAYS = 42
DEMO_MONTHS = 3
DEMO_PASSWORD = "demo-pass-2026"  # printed by seed_demo; demo data only, never production


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    first_name: str
    last_name: str
    assignment: str = ""  # "busiest", "all" or ""


DEMO_USERS = [
    DemoUser("pcso", Role.PCSO, "Priya", "Shah", "busiest"),
    DemoUser("constable", Role.CONSTABLE, "Tom", "Barker", "busiest"),
    DemoUser("supervisor", Role.SUPERVISOR, "Grace", "Adeyemi", "all"),
    DemoUser("intelligence", Role.INTELLIGENCE, "Ravi", "Menon"),
    DemoUser("staff", Role.STAFF, "Jo", "Fletcher"),
    DemoUser("partner", Role.PARTNER, "Helen", "Price"),
    DemoUser("admin", Role.ADMIN, "Alex", "Morgan"),
]


def stable_fraction(key: str, salt: str) -> float:
    digest = hashlib.sha256(f"{salt}:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def demo_feed_rows(*, today) -> list[dict]:
    """Re-date the last DEMO_MONTHS of located public rows onto the DEMO_DAYS before today."""
    midnight = timezone.make_aware(datetime.combine(today, time()))
    latest = (
        Crime.objects.filter(source=CrimeSource.POLICE_UK, is_demo=False)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
    if latest is None:
        return []
    months = sorted(
        {
            m
            for m in Crime.objects.filter(source=CrimeSource.POLICE_UK).values_list("month", flat=True).distinct()
            if m <= latest
        }
    )[-DEMO_MONTHS:]
    public = (
        Crime.objects.filter(source=CrimeSource.POLICE_UK, month__in=months, neighbourhood__isnull=False)
        .exclude(latitude=None)
        .order_by("id")
        .values("row_key", "category", "location", "latitude", "longitude", "lsoa_code")
    )
    rows = []
    for crime in public:
        key = crime["row_key"]
        occurred = midnight - timedelta(seconds=int(stable_fraction(key, "when") * DEMO_DAYS * 86400) + 1)
        lag = timedelta(minutes=10 + int(stable_fraction(key, "lag") * 170))
        recorded = min(occurred + lag, midnight - timedelta(seconds=1))
        rows.append(
            {
                "reference": "DEMO-" + key[:16],
                "occurred_at": occurred.isoformat(),
                "recorded_at": recorded.isoformat(),
                "category": crime["category"],
                "location": crime["location"],
                "latitude": f"{crime['latitude']:.6f}",
                "longitude": f"{crime['longitude']:.6f}",
                "lsoa_code": crime["lsoa_code"],
                "outcome": "Under investigation",
            }
        )
    return rows


def import_demo_feed(*, today) -> int:
    rows = demo_feed_rows(today=today)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo-force-feed.csv"
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=FEED_HEADER)
            writer.writeheader()
            writer.writerows(rows)
        force_feed_import(actor=None, paths=[path], is_demo=True)
    return len(rows)


def busiest_neighbourhood() -> Neighbourhood | None:
    return Neighbourhood.objects.annotate(n=Count("crimes")).order_by("-n", "code").first()


def seed_users() -> list[DemoUser]:
    agency, _ = agency_upsert(
        actor=None, code="demo-council", name="City Council (demo)", kind=AgencyKind.LOCAL_AUTHORITY
    )
    busiest = busiest_neighbourhood()
    everywhere = list(Neighbourhood.objects.order_by("code"))
    for demo in DEMO_USERS:
        user, _ = user_upsert(
            actor=None,
            username=demo.username,
            role=demo.role,
            agency=agency if demo.role == Role.PARTNER else None,
            password=DEMO_PASSWORD if not_yet_usable(demo.username) else None,
        )
        if (user.first_name, user.last_name) != (demo.first_name, demo.last_name):
            user.first_name, user.last_name = demo.first_name, demo.last_name
            user.save(update_fields=["first_name", "last_name"])
        wanted = {"busiest": [busiest] if busiest else [], "all": everywhere}.get(demo.assignment, [])
        kind = AssignmentKind.SUPERVISOR if demo.role == Role.SUPERVISOR else AssignmentKind.MEMBER
        assignments_set(actor=None, user=user, neighbourhoods=wanted, kind=kind)
    return DEMO_USERS


DEMO_AGREEMENT = "Community safety partnership (demo)"


def seed_agreement() -> None:
    """An agreement with the demo council, so an officer can share a note straight away."""
    if SharingAgreement.objects.filter(title=DEMO_AGREEMENT).exists():
        return
    today = timezone.localdate()
    agreement_create(
        actor=User.objects.get(username="supervisor"),
        fields={
            "title": DEMO_AGREEMENT,
            "lawful_basis": "Crime and Disorder Act 1998 s.115; DPA 2018 s.35",
            "purpose": "Reducing anti-social behaviour and safeguarding vulnerable residents",
            "data_shared": "Case notes about ASB and vulnerable people; never intelligence",
            "starts_on": today - timedelta(days=30),
            "review_on": today + timedelta(days=20),
            "expires_on": today + timedelta(days=335),
        },
        parties=PartnerAgency.objects.filter(code="demo-council"),
    )


def not_yet_usable(username: str) -> bool:
    user = User.objects.filter(username=username).first()
    return user is None or not user.has_usable_password()


def seed_demo(*, today=None) -> dict:
    """Load the demo. Safe to run twice: every step is an idempotent upsert."""
    today = today or timezone.localdate()
    police_uk_import(actor=None, paths=[SAMPLE / "street"])
    neighbourhoods_build_from_crimes(
        actor=None,
        force_boundary_path=SAMPLE / "boundaries" / "force" / "city-of-london.kml",
        group="lsoa",
        lsoa_polygons_dir=SAMPLE / "boundaries" / "lsoa21",
    )
    feed_rows = import_demo_feed(today=today)
    with transaction.atomic():
        users = seed_users()
        seed_agreement()
    # Build only the briefings the morning job has not built yet: a rerun leaves them be.
    for neighbourhood in Neighbourhood.objects.exclude(briefings__date=today).order_by("code"):
        briefing_generate(actor=None, neighbourhood=neighbourhood, day=today)
    briefings = Neighbourhood.objects.count()
    return {"users": users, "feed_rows": feed_rows, "briefings": briefings, "busiest": busiest_neighbourhood()}
