"""Named personas (ARCHITECTURE §6) and shared fixtures.

North and South are two neighbourhoods. Pat is a PCSO in North, Connor a
constable in North, Olivia an officer (constable) in South, Sam the supervisor of
North and South, Ian an intelligence officer, Stella enquiry staff, Ada the
administrator. Carol works for the council (the agency with a share in the
permission matrix's records) and Harry for a housing association (no shares). `anonymous` is nobody.
"""

from pathlib import Path

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.choices import AgencyKind, Role
from community.choices import AssignmentKind
from tests.factories import AgencyFactory, AssignmentFactory, LsoaFactory, NeighbourhoodFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "police_uk"
SHARED = ROOT.parent / "shared" / "data" / "police_uk"

# City of London LSOAs in the sample data.
NORTH_LSOAS = ["E01000001", "E01000002", "E01000003"]
SOUTH_LSOAS = ["E01000005", "E01032739", "E01032740"]


@pytest.fixture
def north(db):
    neighbourhood = NeighbourhoodFactory(code="north", name="North")
    for code in NORTH_LSOAS:
        LsoaFactory(neighbourhood=neighbourhood, lsoa_code=code)
    return neighbourhood


@pytest.fixture
def south(db):
    neighbourhood = NeighbourhoodFactory(code="south", name="South")
    for code in SOUTH_LSOAS:
        LsoaFactory(neighbourhood=neighbourhood, lsoa_code=code)
    return neighbourhood


def member_of(user, neighbourhood, kind=AssignmentKind.MEMBER):
    AssignmentFactory(user=user, neighbourhood=neighbourhood, kind=kind)
    return user


@pytest.fixture
def pcso(north):
    return member_of(UserFactory(username="pat", first_name="Pat", last_name="Reid", role=Role.PCSO), north)


@pytest.fixture
def constable(north):
    return member_of(UserFactory(username="connor", role=Role.CONSTABLE), north)


@pytest.fixture
def south_officer(south):
    return member_of(UserFactory(username="olivia", role=Role.CONSTABLE), south)


@pytest.fixture
def supervisor(north, south):
    user = UserFactory(username="sam", first_name="Sam", last_name="Okafor", role=Role.SUPERVISOR)
    member_of(user, north, AssignmentKind.SUPERVISOR)
    return member_of(user, south, AssignmentKind.SUPERVISOR)


@pytest.fixture
def intelligence_officer(db):
    return UserFactory(username="ian", role=Role.INTELLIGENCE)


@pytest.fixture
def staff(db):
    return UserFactory(username="stella", role=Role.STAFF)


@pytest.fixture
def administrator(db):
    return UserFactory(username="ada", role=Role.ADMIN)


@pytest.fixture
def council(db):
    return AgencyFactory(code="council", name="City Council", kind=AgencyKind.LOCAL_AUTHORITY)


@pytest.fixture
def housing(db):
    return AgencyFactory(code="housing", name="Riverside Housing", kind=AgencyKind.HOUSING)


@pytest.fixture
def partner(council):
    return UserFactory(username="carol", role=Role.PARTNER, agency=council)


@pytest.fixture
def other_partner(housing):
    return UserFactory(username="harry", role=Role.PARTNER, agency=housing)


PERSONA_FIXTURES = {
    "pcso": "pcso",
    "constable": "constable",
    "south_officer": "south_officer",
    "supervisor": "supervisor",
    "intelligence": "intelligence_officer",
    "staff": "staff",
    "admin": "administrator",
    "partner": "partner",
    "other_partner": "other_partner",
    "anonymous": None,
}


@pytest.fixture
def personas(request):
    """Every named persona, by name. `anonymous` is None."""
    return {name: request.getfixturevalue(fixture) if fixture else None for name, fixture in PERSONA_FIXTURES.items()}


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def api_client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # PBKDF2's deliberate slowness protects real passwords; in tests it only costs time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def tasks_in_process(request):
    """Run Celery tasks in-process even when CELERY_BROKER_URL is set (CI's PostgreSQL run),
    except in the tests that exercise a real worker."""
    if request.node.get_closest_marker("celery_worker"):
        yield
        return
    from pcso.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous
