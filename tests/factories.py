"""factory_boy factories for the test suite."""

import importlib
from datetime import date, timedelta

import factory
from django.apps import apps as django_apps
from django.utils import timezone

from accounts.choices import AgencyKind, Role
from accounts.models import PartnerAgency, User
from briefings.models import Briefing
from community.choices import AssignmentKind
from community.models.neighbourhoods import Assignment, Neighbourhood, NeighbourhoodLsoa, PatrolPlan, PatrolVisit
from crimes.choices import CrimeCategory, CrimeSource
from crimes.models import Crime
from incidents.models.asb import AsbCase
from incidents.models.incidents import Incident, IncidentCategory
from incidents.models.notes import CaseNote
from incidents.models.notices import NoticeOffence, PenaltyNotice
from partners.models import NoteShare, SharingAgreement

PASSWORD = "correct-horse-battery-staple"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerAgency
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"agency-{n}")
    name = factory.LazyAttribute(lambda o: o.code.replace("-", " ").title())
    kind = AgencyKind.LOCAL_AUTHORITY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = Role.PCSO
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"nbhd-{n}")
    name = factory.LazyAttribute(lambda o: o.code.title())


class LsoaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NeighbourhoodLsoa

    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    lsoa_code = factory.Sequence(lambda n: f"E0{n:08d}"[:9])


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    user = factory.SubFactory(UserFactory)
    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    kind = AssignmentKind.MEMBER


class CrimeFactory(factory.django.DjangoModelFactory):
    """A dated force crime by default; pass source=POLICE_UK and occurred_at=None for public rows."""

    class Meta:
        model = Crime

    source = CrimeSource.FORCE
    row_key = factory.Sequence(lambda n: f"CR-{n:07d}")
    reference = factory.LazyAttribute(lambda o: o.row_key)
    occurred_at = factory.LazyFunction(timezone.now)
    recorded_at = factory.LazyAttribute(lambda o: o.occurred_at)
    month = factory.LazyAttribute(
        lambda o: timezone.localtime(o.occurred_at).date().replace(day=1) if o.occurred_at else date(2025, 12, 1)
    )
    category = CrimeCategory.BURGLARY
    location = "On or near High Street"
    latitude = 51.5155
    longitude = -0.0922


class BriefingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Briefing

    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    date = factory.LazyFunction(timezone.localdate)
    generated_at = factory.LazyFunction(timezone.now)
    period_start = factory.LazyFunction(timezone.now)
    period_end = factory.LazyFunction(timezone.now)
    sections = factory.LazyFunction(dict)


class _ModelsWhereTheyLiveNow:
    """The reference-list data migrations name each model by the app it was in when they
    were written (`incidents`); several have moved app since. Find it by its class name."""

    @staticmethod
    def get_model(app_label, model_name):
        return next(model for model in django_apps.get_models() if model.__name__ == model_name)


CURRENT_APPS = _ModelsWhereTheyLiveNow()


def ensure_reference_lists() -> None:
    """Transactional tests (browser journeys) flush the rows the data migration loaded; reload them."""
    if not IncidentCategory.objects.exists():
        importlib.import_module("incidents.migrations.0004_incident_reference_lists").load(CURRENT_APPS, None)
        importlib.import_module("incidents.migrations.0006_asb_reference_lists").load(CURRENT_APPS, None)
        importlib.import_module("incidents.migrations.0008_notice_offences").load(CURRENT_APPS, None)
    ensure_missing_person_lists()


def category(code: str) -> IncidentCategory:
    """A category from the reference list the migrations load."""
    ensure_reference_lists()
    return IncidentCategory.objects.get(code=code)


class IncidentFactory(factory.django.DjangoModelFactory):
    """A row written straight to the table (no service, no audit): for lists and fixtures."""

    class Meta:
        model = Incident

    opening_category = factory.LazyFunction(lambda: category("suspicious-circumstances"))
    occurred_at = factory.LazyFunction(timezone.now)
    location_text = "12 High Street"
    location_key = "12 high st"
    account = "Two people trying car door handles."
    created_by = factory.SubFactory(UserFactory)


class CaseNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseNote

    incident = factory.SubFactory(IncidentFactory)
    author = factory.SubFactory(UserFactory)
    body = "Spoke to the caller."


class AsbCaseFactory(factory.django.DjangoModelFactory):
    """A case written straight to the table (no service, no audit), with one ASB incident."""

    class Meta:
        model = AsbCase
        skip_postgeneration_save = True

    title = "Youths on the estate"
    next_review_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=28))
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def incidents(obj, create, extracted, **kwargs):
        if create:
            obj.incidents.add(
                *(extracted if extracted is not None else [asb_incident(neighbourhood=obj.neighbourhood)])
            )


def asb_incident(**kwargs) -> Incident:
    """An ASB incident row (nuisance), as logged."""
    return IncidentFactory(opening_category=category("asb"), asb_qualifier="nuisance", **kwargs)


def offence(code: str) -> NoticeOffence:
    """A notice offence from the reference list the migrations load."""
    ensure_reference_lists()
    return NoticeOffence.objects.get(code=code)


class PenaltyNoticeFactory(factory.django.DjangoModelFactory):
    """A register row written straight to the table (no service, no audit)."""

    class Meta:
        model = PenaltyNotice

    offence = factory.LazyFunction(lambda: offence("litter"))
    notice_type = factory.LazyAttribute(lambda n: n.offence.notice_type)
    amount = factory.LazyAttribute(lambda n: n.offence.amount)
    issued_at = factory.LazyFunction(timezone.now)
    recipient_name = "J. Smith"
    location_text = "Cheapside"
    issued_by = factory.SubFactory(UserFactory)


class PatrolPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PatrolPlan
        skip_postgeneration_save = True

    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    label = "Cheapside bus stop"
    latitude = 51.5145
    longitude = -0.0925
    shift_start = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) - timedelta(hours=1))
    shift_end = factory.LazyAttribute(lambda o: o.shift_start + timedelta(hours=8))
    created_by = factory.SubFactory(UserFactory, role=Role.SUPERVISOR)

    @factory.post_generation
    def officers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.officers.set(extracted)


class PatrolVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PatrolVisit

    plan = factory.SubFactory(PatrolPlanFactory)
    officer = factory.SubFactory(UserFactory)
    arrived_at = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=20))


# --- Partners: information sharing agreements and note shares (docs/partners.md) ---------


class SharingAgreementFactory(factory.django.DjangoModelFactory):
    """An active agreement, in force from last month for a year, with `parties` given as a list."""

    class Meta:
        model = SharingAgreement
        skip_postgeneration_save = True

    title = "Community safety partnership"
    lawful_basis = "Crime and Disorder Act 1998 s.115"
    purpose = "Reducing anti-social behaviour and safeguarding"
    data_shared = "Case notes about ASB and vulnerable people; no intelligence"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    review_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=180))
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=335))
    created_by = factory.SubFactory(UserFactory, role=Role.SUPERVISOR)

    @factory.post_generation
    def parties(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.parties.set(extracted)


class NoteShareFactory(factory.django.DjangoModelFactory):
    """A share written straight to the table (no service, no audit)."""

    class Meta:
        model = NoteShare

    note = factory.SubFactory(CaseNoteFactory)
    agency = factory.SubFactory(AgencyFactory)
    agreement = factory.SubFactory(SharingAgreementFactory)
    purpose = "Safeguarding"
    body = factory.LazyAttribute(lambda o: o.note.body)
    context_neighbourhood = "North"
    context_reference = factory.LazyAttribute(lambda o: o.note.incident.reference)
    shared_by = factory.LazyAttribute(lambda o: o.note.author)


# --- Missing persons (docs/missing-persons.md) ------------------------------------------

# The smallest valid PNG header plus padding: enough for the upload check (magic bytes).
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def ensure_missing_person_lists() -> None:
    from missing_persons.models import MissingRiskLevelSetting

    if not MissingRiskLevelSetting.objects.exists():
        importlib.import_module("incidents.migrations.0010_missing_person_reference_lists").load(CURRENT_APPS, None)


class MissingPersonCaseFactory(factory.django.DjangoModelFactory):
    """A case written straight to the table (no service, no audit), with its incident."""

    class Meta:
        model = "missing_persons.MissingPersonCase"

    incident = factory.SubFactory(
        IncidentFactory,
        opening_category=factory.LazyFunction(lambda: category("missing-person")),
        neighbourhood=factory.SelfAttribute("..neighbourhood"),
    )
    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    name = "Jamie Lowe"
    date_of_birth = date(2011, 5, 4)
    description = "Slim, 5ft, short brown hair, green school blazer."
    missing_since = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=3))
    reported_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2))
    reported_by = "Dana Lowe (mother)"
    missing_from = "4 Wood Street"
    risk_level = "high"
    next_review_due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(minutes=40))
    created_by = factory.SubFactory(UserFactory)


# Engagements and PACT priorities (docs/engagements.md).


def engagement_type(code: str = "coffee-morning"):
    """A type from the list community/0005 loads (reloaded after a transactional test's flush)."""
    from community.models.engagements import EngagementType

    if not EngagementType.objects.exists():
        importlib.import_module("community.migrations.0005_engagement_types").load(CURRENT_APPS, None)
    return EngagementType.objects.get(code=code)


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "community.Engagement"

    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    engagement_type = factory.LazyFunction(engagement_type)
    title = "Fraud awareness coffee morning"
    status = "held"
    starts_at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) - timedelta(days=1))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    address = "St Mary's church hall, Cheapside"
    attendance = 14
    concerns = "Cycle theft at the station racks"
    created_by = factory.SubFactory(UserFactory)


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "community.Priority"

    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    issue = "Cycle theft at the station racks"
    action = "Patrols at the racks at commuter times; bike marking event"
    status = "adopted"
    source = "meeting"
    created_by = factory.SubFactory(UserFactory)


# --- Intelligence (docs/intelligence.md) ---------------------------------------------------


class IntelligenceLogFactory(factory.django.DjangoModelFactory):
    """A submitted 2/B/P report; `evaluated=True` releases it to officers with a sanitised text."""

    class Meta:
        model = "intelligence.IntelligenceLog"
        skip_postgeneration_save = True

    class Params:
        evaluated = factory.Trait(
            status="evaluated",
            sanitised_text="A known dealer uses the rear of the launderette in the evenings.",
            dissemination="officers",
            evaluated_at=factory.LazyFunction(timezone.now),
        )

    original_text = "Marcus Webb deals from the rear of the launderette on Cheapside most evenings."
    occurred_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2))
    location_text = "Cheapside launderette"
    source_evaluation = "2"
    intelligence_assessment = "B"
    handling_code = "P"
    priority = "medium"
    submitted_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def source(obj, create, extracted, **kwargs):
        if create:
            from intelligence.models import SourceRecord

            SourceRecord.objects.create(
                log=obj, name=extracted or "Jane Doe", contact="07700 900123", created_by=obj.submitted_by
            )


# --- House-to-house enquiries (docs/enquiries.md) ------------------------------------------


def ensure_enquiry_lists() -> None:
    """Transactional tests flush the rows the enquiry data migration loaded; reload them."""
    from enquiries.models import VisitOutcome

    ensure_reference_lists()
    if not VisitOutcome.objects.exists():
        importlib.import_module("incidents.migrations.0010_enquiry_reference_lists").load(CURRENT_APPS, None)


def visit_outcome(code: str):
    """A visit outcome from the reference list the migrations load."""
    from enquiries.models import VisitOutcome

    ensure_enquiry_lists()
    return VisitOutcome.objects.get(code=code)


STANDARD_QUESTIONS = [
    {"code": "home-at-time", "text": "Were you home between the times of the incident?"},
    {"code": "saw-or-heard", "text": "Did you see or hear anything?"},
    {"code": "cctv", "text": "Do you have CCTV or a doorbell camera?"},
]


class EnquiryFactory(factory.django.DjangoModelFactory):
    """An enquiry row written straight to the table (no service, no audit)."""

    class Meta:
        model = "enquiries.Enquiry"

    incident = factory.SubFactory(IncidentFactory, neighbourhood=factory.SelfAttribute("..neighbourhood"))
    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    title = "Burglary at 12 High Street"
    streets = "Wood Street\nMilk Street"
    rationale = "Neighbours may have seen the entry between 01:00 and 03:00."
    questions = factory.LazyFunction(lambda: [dict(q) for q in STANDARD_QUESTIONS])
    created_by = factory.SubFactory(UserFactory)
    coordinator = factory.SelfAttribute("created_by")


class PremisesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "enquiries.Premises"

    enquiry = factory.SubFactory(EnquiryFactory)
    address = factory.Sequence(lambda n: f"{n + 1} Wood Street")
    address_key = factory.LazyAttribute(lambda p: p.address.lower().replace("street", "st"))
    latitude = factory.Sequence(lambda n: 51.5150 + n * 0.0001)
    longitude = -0.0935
