"""Events recorded before a model changed app keep its old label (the log is append-only):
every reader looks them up under all of the model's labels (audit.labels)."""

from django.apps import apps
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from audit.labels import MOVED_TO, labels_for
from audit.models import AuditEvent
from missing_persons.models import MissingPersonCase
from tests.conftest import api_client_for

# The leaf migrations of the apps the models left, before the move (issue 12).
BEFORE_THE_MOVE = [
    ("incidents", "0014_missing_case_rhi_share"),
    ("community", "0007_merge_sharing_agreements_and_engagements"),
]


def test_a_moved_model_is_looked_up_under_its_label_today_and_the_one_before():
    expected = ["missing_persons.missingpersoncase", "incidents.missingpersoncase"]

    assert labels_for(MissingPersonCase) == expected
    assert labels_for(MissingPersonCase(pk=1)) == expected
    assert labels_for("missing_persons.missingpersoncase") == expected


def test_the_old_label_gives_the_same_labels():
    assert labels_for("incidents.missingpersoncase") == [
        "missing_persons.missingpersoncase",
        "incidents.missingpersoncase",
    ]
    assert labels_for("community.sharingagreement") == ["partners.sharingagreement", "community.sharingagreement"]


def test_a_model_that_never_moved_has_its_one_label():
    assert labels_for("incidents.incident") == ["incidents.incident"]
    assert labels_for("file") == ["file"]


def test_every_model_that_changed_app_is_in_the_table():
    """Compared with the migrations: each model of the apps it left, as they were before the
    move, that now lives in another app maps to its label there."""
    before = MigrationLoader(None, ignore_no_migrations=True).project_state(BEFORE_THE_MOVE)
    today = {model._meta.label_lower for model in apps.get_models()}
    names_today = {label.split(".")[1]: label for label in today}
    moved = {
        f"{app}.{name}": names_today[name]
        for app, name in before.models
        if app in {"incidents", "community"} and f"{app}.{name}" not in today and name in names_today
    }

    assert moved == MOVED_TO
    assert set(MOVED_TO.values()) <= today


def test_the_audit_api_finds_events_under_either_label(administrator):
    old = AuditEvent.objects.create(
        category="alteration", action="missing_case.update", object_type="incidents.missingpersoncase", source="web"
    )
    new = AuditEvent.objects.create(
        category="alteration",
        action="missing_case.update",
        object_type="missing_persons.missingpersoncase",
        source="web",
    )
    AuditEvent.objects.create(
        category="alteration", action="incident.update", object_type="incidents.incident", source="web"
    )
    client = api_client_for(administrator)

    for label in ["missing_persons.missingpersoncase", "incidents.missingpersoncase"]:
        body = client.get(reverse("api:audit-event-list"), {"object_type": label}).json()
        assert sorted(row["id"] for row in body["results"]) == [old.pk, new.pk]
