"""Events recorded before the missing-person models left incidents/ carry the label
"incidents.missingpersoncase" for ever (the log is append-only). The case's "what changed
since you opened it" still shows them (audit.labels)."""

from django.urls import reverse

from audit.models import AuditEvent
from missing_persons.models import MissingPersonCase
from tests.conftest import client_for
from tests.factories import MissingPersonCaseFactory
from tests.missing_persons.test_missing_person_pages import report_form


def test_a_stale_edit_shows_a_change_recorded_under_the_old_label(pcso, north):
    case = MissingPersonCaseFactory(neighbourhood=north)
    seen = case.version
    # Someone changed the case before the move: the row holds the old label, and the
    # case moved on to the version it made.
    AuditEvent.objects.create(
        category="alteration",
        action="missing_case.update",
        object_type="incidents.missingpersoncase",
        object_id=str(case.pk),
        actor_username="connor",
        source="web",
        details={"version": seen + 1, "changes": {"last_seen_place": {"old": "", "new": "Library"}}},
    )
    MissingPersonCase.objects.filter(pk=case.pk).update(version=seen + 1, last_seen_place="Library")

    form = {**report_form(north), "description": "Red coat", "version": seen}
    response = client_for(pcso).post(reverse("missing_persons:missing-case-edit", args=[case.pk]), form)

    page = response.content.decode()
    assert response.status_code == 200 and "Someone else changed this case" in page
    [change] = response.context["conflict"]
    assert (change["who"], change["field"], change["old"], change["new"]) == (
        "connor",
        "Last seen place",
        "",
        "Library",
    )
    case.refresh_from_db()
    assert case.description != "Red coat"
