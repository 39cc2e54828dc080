"""Moving models to their own apps keeps every row (issue 12).

Crime went to crimes/, the missing-person models to missing_persons/, the enquiry models
to enquiries/, NoteShare and NoteReply (from incidents) and SharingAgreement (from
community) to partners/. The moves are state-only migrations; then each new app's
`*_tables_named_after_their_app` migration renames the tables. This test migrates a
database back to the schema before the move, fills every moved table (and every table
that points at one) through the historical models, snapshots every row of every table
with raw SQL, migrates forward and compares: each row must be in the table with the new
name with identical values, the old names must be gone, and today's models must read it.

Not marked `postgres`: it runs, and must pass, on SQLite and on PostgreSQL alike.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

NEW_APPS = ["crimes", "missing_persons", "enquiries", "partners"]
# Each app's leaf migration before the move (the new apps did not exist).
BEFORE_THE_MOVE = {
    "incidents": "0014_missing_case_rhi_share",
    "community": "0007_merge_sharing_agreements_and_engagements",
}
ENQUIRY_TABLES = ["enquiry", "premises", "visit", "visitoutcome", "questiontemplate"]
MISSING_PERSON_TABLES = [
    "missingpersoncase",
    "missingpersoncase_earlier_episodes",
    "missingriskassessment",
    "missingriskanswer",
    "missingrisklevelsetting",
    "riskquestion",
    "highriskchecklistitem",
    "missingchecklisttick",
    "missingsighting",
    "missingaction",
    "herbertprotocol",
]
# Old table name -> new table name (the auto-created many-to-many tables included).
RENAMED = {
    "incidents_crime": "crimes_crime",
    **{f"incidents_{name}": f"enquiries_{name}" for name in ENQUIRY_TABLES},
    **{f"incidents_{name}": f"missing_persons_{name}" for name in MISSING_PERSON_TABLES},
    "incidents_noteshare": "partners_noteshare",
    "incidents_notereply": "partners_notereply",
    "community_sharingagreement": "partners_sharingagreement",
    "community_sharingagreement_parties": "partners_sharingagreement_parties",
}
AT = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def later(hours: int) -> datetime:
    return AT + timedelta(hours=hours)


# --- Migrating ------------------------------------------------------------------------


def targets_before_the_move(executor) -> list:
    """Every app at its leaf before the move, and the new apps unapplied."""
    leaves = [
        (app, BEFORE_THE_MOVE.get(app, name)) for app, name in executor.loader.graph.leaf_nodes() if app not in NEW_APPS
    ]
    return leaves + [(app, None) for app in NEW_APPS]


def migrate_back_to_before_the_move():
    """Unapply the move; returns the project state then (its historical models fill the tables)."""
    executor = MigrationExecutor(connection)
    return executor.migrate(targets_before_the_move(executor))


def migrate_to_latest(state=None) -> None:
    """Apply what is unapplied. `state` is the project state as the database is now, when
    known: rebuilding it from every migration is most of the cost of a migrate."""
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    plan = executor.migration_plan(leaves)
    if plan:
        executor.migrate(leaves, plan=plan, state=state)


# --- Reading every row with raw SQL -----------------------------------------------------


def table_rows(table: str) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        columns = [column[0] for column in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    return sorted(rows, key=repr)


def every_row() -> dict[str, list[dict]]:
    """Table -> its rows, for every table but the migration recorder's own."""
    tables = connection.introspection.table_names()
    return {table: table_rows(table) for table in tables if table != "django_migrations"}


# --- Filling the tables as they were before the move -----------------------------------


def fill_people_and_places(apps) -> dict:
    user = apps.get_model("accounts", "User")
    agency = apps.get_model("accounts", "PartnerAgency").objects.create(
        code="council-mig", name="Council (migration test)", kind="local_authority"
    )
    return {
        "officer": user.objects.create(username="mig-officer", password="!", role="pcso"),
        "supervisor": user.objects.create(username="mig-supervisor", password="!", role="supervisor"),
        "partner": user.objects.create(username="mig-partner", password="!", role="partner", agency=agency),
        "agency": agency,
        "neighbourhood": apps.get_model("community", "Neighbourhood").objects.create(
            code="mig-north", name="North (migration test)"
        ),
        "category": apps.get_model("incidents", "IncidentCategory").objects.create(
            code="mig-missing", name="Missing person (migration test)", group="public_safety"
        ),
    }


def new_incident(apps, world, account: str):
    return apps.get_model("incidents", "Incident").objects.create(
        occurred_at=AT,
        account=account,
        created_by=world["officer"],
        opening_category=world["category"],
        neighbourhood=world["neighbourhood"],
    )


def fill_crimes(apps, world) -> None:
    apps.get_model("incidents", "Crime").objects.create(
        source="police_uk",
        row_key="mig-row-1",
        month=date(2026, 10, 1),
        category="burglary",
        location="On or near High Street",
        latitude=51.515,
        longitude=-0.09,
        lsoa_code="E01000001",
        neighbourhood=world["neighbourhood"],
    )


def fill_sharing(apps, world) -> dict:
    """An agreement with its parties, a shared case note and the agency's reply."""
    agreement = apps.get_model("community", "SharingAgreement").objects.create(
        title="Missing children protocol",
        lawful_basis="Children Act 2004 s.11",
        purpose="Return home interviews",
        data_shared="Who, when, where found",
        starts_on=date(2026, 1, 1),
        review_on=date(2027, 1, 1),
        expires_on=date(2028, 1, 1),
        created_by=world["supervisor"],
    )
    agreement.parties.add(world["agency"])
    incident = new_incident(apps, world, "Child missing from home")
    note = apps.get_model("incidents", "CaseNote").objects.create(
        incident=incident, author=world["officer"], body="Please offer a return home interview."
    )
    share = apps.get_model("incidents", "NoteShare").objects.create(
        note=note,
        agency=world["agency"],
        agreement=agreement,
        shared_by=world["officer"],
        purpose="Return home interview",
        body=note.body,
        action="Hold the interview",
        action_due_at=later(72),
        shared_at=later(1),
    )
    apps.get_model("incidents", "NoteReply").objects.create(share=share, author=world["partner"], body="Booked.")
    return {"incident": incident, "share": share}


def fill_missing_persons(apps, world, shared: dict) -> None:
    case_model = apps.get_model("incidents", "MissingPersonCase")
    common = {"description": "Slim, green coat", "reported_by": "Mother", "missing_from": "Home", "risk_level": "high"}
    earlier = case_model.objects.create(
        name="Alex Doe",
        incident=new_incident(apps, world, "First episode"),
        created_by=world["officer"],
        missing_since=AT.replace(year=2025),
        reported_at=AT.replace(year=2025),
        status="traced",
        traced_at=AT.replace(year=2025, hour=20),
        **common,
    )
    case = case_model.objects.create(
        name="Alex Doe",
        incident=shared["incident"],
        created_by=world["officer"],
        neighbourhood=world["neighbourhood"],
        missing_since=AT,
        reported_at=later(1),
        rhi_agency=world["agency"],
        rhi_share=shared["share"],
        rhi_referred_at=later(1),
        **common,
    )
    case.earlier_episodes.add(earlier)
    fill_case_history(apps, world, case)


def fill_case_history(apps, world, case) -> None:
    """The case's risk, checklist, sightings, actions and Herbert Protocol, and the lists they use."""

    def model(name):
        return apps.get_model("incidents", name)

    officer = world["officer"]
    model("MissingRiskLevelSetting").objects.get_or_create(
        level="high", defaults={"name": "High", "review_minutes": 60}
    )
    question = model("RiskQuestion").objects.create(code="mig-question", name="Is the person a child?")
    item = model("HighRiskChecklistItem").objects.create(code="mig-item", name="Search the home")
    assessment = model("MissingRiskAssessment").objects.create(
        case=case,
        risk_level="high",
        rationale="A child, at night",
        information_from="Mother",
        information_at=AT,
        assessed_by=officer,
    )
    model("MissingRiskAnswer").objects.create(assessment=assessment, question=question, answer="yes")
    model("MissingChecklistTick").objects.create(case=case, item=item, done_by=officer)
    model("MissingSighting").objects.create(
        case=case, seen_at=later(2), reported_by="Bus driver", confidence="probable", recorded_by=officer
    )
    model("MissingAction").objects.create(
        case=case, description="Check the park", due_at=later(3), assigned_to=officer, created_by=officer
    )
    model("HerbertProtocol").objects.create(case=case, description="Likes the park", recorded_by=officer)


def fill_enquiries(apps, world) -> None:
    def model(name):
        return apps.get_model("incidents", name)

    officer = world["officer"]
    model("QuestionTemplate").objects.create(code="mig-template", name="Seen anything?", text="Did you see?")
    outcome = model("VisitOutcome").objects.create(code="mig-spoken", name="Spoken to", completes=True)
    enquiry = model("Enquiry").objects.create(
        title="House-to-house, High Street",
        rationale="Witnesses",
        incident=new_incident(apps, world, "Burglary"),
        coordinator=officer,
        created_by=officer,
        neighbourhood=world["neighbourhood"],
    )
    premises = model("Premises").objects.create(enquiry=enquiry, address="1 High Street", address_key="1 high street")
    model("Visit").objects.create(
        premises=premises, visited_at=later(4), outcome=outcome, visited_by=officer, recorded_by=officer
    )


def fill_the_old_tables(apps) -> None:
    world = fill_people_and_places(apps)
    fill_crimes(apps, world)
    shared = fill_sharing(apps, world)
    fill_missing_persons(apps, world, shared)
    fill_enquiries(apps, world)


def tables_to_fill(apps) -> set[str]:
    """The moved tables and the tables of every model that points at a moved one."""
    moved = {table for table in RENAMED}
    pointing = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.get_fields()
        if field.concrete and field.is_relation and field.related_model._meta.db_table in moved
    }
    return moved | pointing


# --- The test ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_moving_models_to_their_own_apps_keeps_every_row():
    try:
        state = migrate_back_to_before_the_move()
        fill_the_old_tables(state.apps)
        before = every_row()
        assert not [table for table in sorted(tables_to_fill(state.apps)) if not before[table]]
        migrate_to_latest(state)
        after = every_row()
    finally:
        migrate_to_latest()  # the other tests (and the flush after this one) expect today's schema

    assert not set(RENAMED) & set(after), "the old table names are gone"
    assert set(after) == {RENAMED.get(table, table) for table in before}
    for table, rows in before.items():
        assert after[RENAMED.get(table, table)] == rows, table
    assert_todays_models_read_the_rows(before)


def assert_todays_models_read_the_rows(before: dict[str, list[dict]]) -> None:
    from crimes.models import Crime
    from enquiries.models import Visit
    from missing_persons.models import MissingPersonCase
    from partners.models import NoteReply, SharingAgreement

    case = MissingPersonCase.objects.get(earlier_episodes__isnull=False)
    assert case.rhi_share.note.incident == case.incident
    assert case.rhi_share.agreement.parties.get().code == "council-mig"
    assert [episode.status for episode in case.earlier_episodes.all()] == ["traced"]
    assert case.assessments.get().answers.get().question.code == "mig-question"
    assert case.checklist_ticks.get().item.code == "mig-item"
    assert (case.sightings.get().reported_by, case.actions.get().description) == ("Bus driver", "Check the park")
    assert case.herbert_protocol.description == "Likes the park"
    assert NoteReply.objects.get().share == case.rhi_share
    assert Visit.objects.get().premises.enquiry.incident.account == "Burglary"
    assert Crime.objects.get(row_key="mig-row-1").neighbourhood.code == "mig-north"
    assert SharingAgreement.objects.count() == len(before["community_sharingagreement"])
    # The id sequences carried over too: a new row does not collide with a moved one.
    copy = Crime.objects.create(source="police_uk", row_key="mig-row-2", month=date(2026, 10, 1), category="drugs")
    assert copy.pk > max(row["id"] for row in before["incidents_crime"])
