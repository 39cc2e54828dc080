"""Intelligence logs: submission with the source check, evaluation, sanitising, rejection,
who reads what, restricted reads with a reason, search logging, 412 on a concurrent
evaluation, and bad input."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from intelligence.models import IntelligenceLog, SourceRecord
from intelligence.services import (
    intelligence_log_evaluate,
    intelligence_log_reject,
    intelligence_log_sanitise,
    reveals_source,
)
from tests.conftest import api_client_for
from tests.factories import IncidentFactory, IntelligenceLogFactory

SECRET = "Marcus Webb deals from the rear of the launderette most evenings."
SANITISED = "A known male deals drugs from the rear of the launderette most evenings."


def report(**extra) -> dict:
    return {
        "original_text": SECRET,
        "occurred_at": (timezone.now() - timedelta(hours=1)).isoformat(),
        "location_text": "Cheapside launderette",
        "latitude": 51.5142,
        "longitude": -0.0931,
        "source_evaluation": "2",
        "intelligence_assessment": "C",
        "handling_code": "P",
        "priority": "medium",
        "subjects": [{"kind": "person", "text": "Marcus Webb"}, {"kind": "vehicle", "text": "AB12 CDE"}],
        "source": {"name": "Jane Doe", "contact": "07700 900123", "relationship": "Works next door"},
        **extra,
    }


def submit(client, **extra):
    response = client.post(reverse("api:intelligence-log-list"), report(**extra), format="json")
    assert response.status_code == 201, response.json()
    return response


def evaluation(**extra) -> dict:
    return {
        "source_evaluation": "2",
        "intelligence_assessment": "B",
        "handling_code": "P",
        "priority": "high",
        "dissemination": "officers",
        "sanitised_text": SANITISED,
        **extra,
    }


def evaluate(client, log_id, etag, **extra):
    url = reverse("api:intelligence-log-evaluate", args=[log_id])
    return client.post(url, evaluation(**extra), format="json", HTTP_IF_MATCH=etag)


def test_a_pcso_submits_a_graded_report_and_the_source_goes_in_a_separate_record(pcso, north):
    response = submit(api_client_for(pcso), neighbourhood="north")

    data = response.json()
    assert data["reference"].startswith("INT-") and data["status"] == "submitted"
    assert data["grading"] == "2/C/P" and data["text"] == SECRET and data["priority"] == "medium"
    assert [(s["kind"], s["text"]) for s in data["subjects"]] == [("person", "Marcus Webb"), ("vehicle", "AB12 CDE")]
    assert "source" not in data and "Jane" not in response.content.decode()
    record = SourceRecord.objects.get(log_id=data["id"])
    assert (record.name, record.created_by) == ("Jane Doe", pcso)
    submitted = AuditEvent.objects.get(action="intelligence_log.submit")
    assert submitted.category == "collection" and submitted.actor_username == "pat"
    assert submitted.details["grading"] == "2/C/P"
    source_row = AuditEvent.objects.get(action="source_record.create")
    assert source_row.category == "collection" and "Jane" not in str(source_row.details) + source_row.object_repr


def test_the_point_places_the_report_in_its_neighbourhood(pcso, north):
    north.boundary = {
        "type": "Polygon",
        "coordinates": [[[-0.1, 51.51], [-0.08, 51.51], [-0.08, 51.52], [-0.1, 51.52], [-0.1, 51.51]]],
    }
    north.save()
    data = submit(api_client_for(pcso)).json()
    assert data["neighbourhood"] == "north"


@pytest.mark.parametrize(
    "text",
    [
        "JANE DOE saw him there.",
        "Doe told me he deals there.",
        "Ring her on 07700900123 for more.",
        "Call +44 7700 900123.",
    ],
)
def test_a_report_naming_its_source_is_refused_with_a_field_error_that_does_not_echo_it(pcso, text):
    url = reverse("api:intelligence-log-list")
    response = api_client_for(pcso).post(url, report(original_text=text), format="json")
    assert response.status_code == 400
    errors = response.json()
    assert "source record" in errors["original_text"][0]
    assert "Jane" not in response.content.decode() and "07700" not in response.content.decode()
    assert not IntelligenceLog.objects.exists() and not SourceRecord.objects.exists()


def test_the_source_is_never_a_linked_subject(pcso):
    subjects = [{"kind": "person", "text": "Mrs J. Doe"}]
    response = api_client_for(pcso).post(reverse("api:intelligence-log-list"), report(subjects=subjects), format="json")
    assert response.status_code == 400 and "source record" in response.json()["subjects"][0]
    assert not IntelligenceLog.objects.exists() and not SourceRecord.objects.exists()


def test_the_source_check_matches_whole_words_written_as_names():
    assert not reveals_source("It was announced on Sunday.", name="Ann Sun")
    assert reveals_source("Ann said so.", name="Ann Sun")
    assert reveals_source("according to will rose, he deals", name="Will Rose")  # the full name, any case
    assert reveals_source("ROSE saw it", name="Will Rose")
    assert not reveals_source("He will be there with a rose.", name="Will Rose")
    assert reveals_source("email jd@example.org", name="X", contact="JD@example.org")
    assert not reveals_source("Seen at 21:15 on 02/03.", name="X", contact="07700 900123")


def test_handling_code_c_needs_its_conditions_and_legacy_grades_are_refused(pcso):
    client = api_client_for(pcso)
    url = reverse("api:intelligence-log-list")
    no_conditions = client.post(url, report(handling_code="C"), format="json")
    legacy = client.post(url, report(legacy_source="B", legacy_intelligence="2"), format="json")
    bad = report(source_evaluation="4", intelligence_assessment="F", handling_code="X")
    bad_codes = client.post(url, bad, format="json")

    assert no_conditions.status_code == 400 and "conditions" in no_conditions.json()["handling_conditions"][0]
    assert legacy.status_code == 400 and set(legacy.json()) == {"legacy_source", "legacy_intelligence"}
    assert bad_codes.status_code == 400
    assert set(bad_codes.json()) == {"source_evaluation", "intelligence_assessment", "handling_code"}
    assert not IntelligenceLog.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"latitude": 91}, "latitude"),
        ({"latitude": "NaN"}, "latitude"),
        ({"longitude": None}, "longitude"),
        ({"original_text": ""}, "original_text"),
        ({"original_text": "a\x00b"}, "original_text"),
        ({"source": {"name": ""}}, "source"),
        ({"source": "Jane"}, "source"),
        ({"occurred_at": "yesterday"}, "occurred_at"),
        ({"occurred_at": "1850-01-01T00:00:00Z"}, "occurred_at"),
        ({"occurred_at": "2999-01-01T00:00:00Z"}, "occurred_at"),
        ({"subjects": [{"kind": "alien", "text": "x"}]}, "subjects"),
        ({"incidents": [999_999]}, "incidents"),
    ],
)
def test_bad_submissions_are_400_with_field_errors(pcso, body, field):
    response = api_client_for(pcso).post(reverse("api:intelligence-log-list"), {**report(), **body}, format="json")
    assert response.status_code == 400 and field in response.json()
    assert not IntelligenceLog.objects.exists()


def test_staff_may_read_but_not_submit(staff):
    response = api_client_for(staff).post(reverse("api:intelligence-log-list"), report(), format="json")
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action="intelligence_log.submit", outcome="denied").count() == 1


def test_a_submitted_report_reaches_only_its_submitter_and_the_unit(pcso, constable, supervisor, intelligence_officer):
    data = submit(api_client_for(pcso)).json()
    url = reverse("api:intelligence-log-detail", args=[data["id"]])
    assert api_client_for(pcso).get(url).status_code == 200
    assert api_client_for(intelligence_officer).get(url).json()["text"] == SECRET
    for outsider in (constable, supervisor):
        assert api_client_for(outsider).get(url).status_code == 404
        assert api_client_for(outsider).get(reverse("api:intelligence-log-list")).json()["count"] == 0


def test_the_unit_evaluates_and_officers_read_only_the_sanitised_text(
    pcso, constable, supervisor, staff, intelligence_officer, partner
):
    log_id = submit(api_client_for(pcso)).json()["id"]
    unit = api_client_for(intelligence_officer)
    etag = unit.get(reverse("api:intelligence-log-detail", args=[log_id]))["ETag"]
    response = evaluate(unit, log_id, etag)
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "evaluated" and response.json()["grading"] == "2/B/P"

    url = reverse("api:intelligence-log-detail", args=[log_id])
    for reader in (pcso, constable, supervisor):
        body = api_client_for(reader).get(url)
        assert body.status_code == 200 and body.json()["text"] == SANITISED
        assert "Marcus" not in body.json()["text"] and body.json()["sanitised"] is None
    assert api_client_for(staff).get(url).status_code == 404  # officers only, not all staff
    assert api_client_for(partner).get(url).status_code == 404
    event = AuditEvent.objects.get(action="intelligence_log.evaluate")
    assert event.category == "alteration" and event.actor_username == "ian"
    assert event.details["changes"]["status"] == {"old": "submitted", "new": "evaluated"}
    assert event.details["changes"]["intelligence_assessment"] == {"old": "C", "new": "B"}


def test_evaluation_refuses_a_sanitised_text_that_still_names_the_source(intelligence_officer):
    log = IntelligenceLogFactory()
    with pytest.raises(ValidationError) as error:
        intelligence_log_evaluate(
            actor=intelligence_officer,
            log=log,
            values={k: v for k, v in evaluation().items() if k != "sanitised_text"},
            version=log.version,
            sanitised_text="Jane says a male deals there.",
        )
    assert "source record" in error.value.message_dict["sanitised_text"][0]
    log.refresh_from_db()
    assert log.status == "submitted" and log.sanitised_text == ""


def test_a_c_report_shows_its_conditions_to_every_reader(pcso, constable, intelligence_officer):
    log = IntelligenceLogFactory(
        evaluated=True, handling_code="C", handling_conditions="Not to be shared with the housing provider."
    )
    for reader in (pcso, constable, intelligence_officer):
        body = api_client_for(reader).get(reverse("api:intelligence-log-detail", args=[log.pk])).json()
        assert body["handling_code"] == "C"
        assert body["handling_conditions"] == "Not to be shared with the housing provider."
        listed = api_client_for(reader).get(reverse("api:intelligence-log-list")).json()["results"][0]
        assert listed["handling_conditions"] == "Not to be shared with the housing provider."


def test_evaluating_twice_from_the_same_version_is_refused_with_412(pcso, intelligence_officer):
    log_id = submit(api_client_for(pcso)).json()["id"]
    first, second = api_client_for(intelligence_officer), api_client_for(intelligence_officer)
    etag = first.get(reverse("api:intelligence-log-detail", args=[log_id]))["ETag"]
    assert evaluate(first, log_id, etag).status_code == 200
    stale = evaluate(second, log_id, etag, intelligence_assessment="D")
    missing = second.post(reverse("api:intelligence-log-evaluate", args=[log_id]), evaluation(), format="json")

    assert stale.status_code == 412 and missing.status_code == 428
    assert IntelligenceLog.objects.get(pk=log_id).intelligence_assessment == "B"
    assert AuditEvent.objects.filter(action="intelligence_log.evaluate").count() == 1


def test_a_lost_race_after_the_header_check_is_still_refused(intelligence_officer):
    from pcso.concurrency import StaleVersionError

    log = IntelligenceLogFactory()
    intelligence_log_sanitise(actor=intelligence_officer, log=log, sanitised_text=SANITISED, version=1)
    with pytest.raises(StaleVersionError):
        intelligence_log_reject(actor=intelligence_officer, log=log, reason="Duplicate", version=1)


def test_sanitising_keeps_the_original_and_is_an_alteration_with_old_and_new(intelligence_officer):
    log = IntelligenceLogFactory()
    intelligence_log_sanitise(actor=intelligence_officer, log=log, sanitised_text=SANITISED, version=1)
    log.refresh_from_db()
    assert log.original_text.startswith("Marcus Webb") and log.sanitised_text == SANITISED and log.version == 2
    event = AuditEvent.objects.get(action="intelligence_log.sanitise")
    assert event.category == "alteration"
    assert event.details["changes"]["sanitised_text"] == {"old": "", "new": SANITISED}
    assert "Marcus" not in str(event.details)


def test_rejection_needs_a_reason_reaches_nobody_else_and_the_submitter_reads_why(
    pcso, constable, intelligence_officer
):
    log = IntelligenceLogFactory(submitted_by=pcso)
    with pytest.raises(ValidationError):
        intelligence_log_reject(actor=intelligence_officer, log=log, reason=" ", version=1)
    intelligence_log_reject(actor=intelligence_officer, log=log, reason="Already known: see INT-000002.", version=1)

    url = reverse("api:intelligence-log-detail", args=[log.pk])
    assert api_client_for(pcso).get(url).json()["rejection_reason"] == "Already known: see INT-000002."
    assert api_client_for(constable).get(url).status_code == 404
    event = AuditEvent.objects.get(action="intelligence_log.reject")
    assert event.category == "alteration" and event.details["changes"]["status"]["new"] == "rejected"
    grades = {k: v for k, v in evaluation().items() if k != "sanitised_text"}
    with pytest.raises(ValidationError):  # a rejected report is final
        intelligence_log_evaluate(actor=intelligence_officer, log=log, values=grades, version=None)


@pytest.mark.parametrize("who", ["pcso", "constable", "supervisor", "staff", "administrator"])
def test_nobody_outside_the_unit_may_evaluate_sanitise_or_reject(who, request, db):
    actor = request.getfixturevalue(who)
    log = IntelligenceLogFactory(submitted_by=request.getfixturevalue("pcso"))
    for attempt in (
        lambda: intelligence_log_sanitise(actor=actor, log=log, sanitised_text=SANITISED, version=None),
        lambda: intelligence_log_reject(actor=actor, log=log, reason="No", version=None),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    assert AuditEvent.objects.filter(outcome="denied", actor_username=actor.username).count() == 2


# --- Restricted reads: the source record and the unsanitised original -------------------------


def test_the_unit_reads_the_source_only_with_a_reason_and_the_read_is_logged(intelligence_officer):
    log = IntelligenceLogFactory()
    client = api_client_for(intelligence_officer)
    url = reverse("api:intelligence-log-source", args=[log.pk])

    without = client.post(url, {}, format="json")
    assert without.status_code == 400 and "justification" in without.json()
    assert not AuditEvent.objects.filter(action="source_record.view").exists()

    response = client.post(url, {"justification": "Tasking a handler to re-contact"}, format="json")
    assert response.status_code == 200 and response.json()["name"] == "Jane Doe"
    event = AuditEvent.objects.get(action="source_record.view")
    assert event.category == "consultation" and event.justification == "Tasking a handler to re-contact"
    assert "Jane" not in event.object_repr + str(event.details)


@pytest.mark.parametrize("who", ["pcso", "constable", "supervisor", "staff", "administrator", "partner"])
def test_nobody_outside_the_unit_ever_reads_a_source_record_or_an_original(who, request, db):
    actor = request.getfixturevalue(who)
    pcso = request.getfixturevalue("pcso")
    log = IntelligenceLogFactory(evaluated=True, dissemination="all_staff", submitted_by=pcso)
    client = api_client_for(actor)
    for name in ("source", "original"):
        response = client.post(
            reverse(f"api:intelligence-log-{name}", args=[log.pk]), {"justification": "curious"}, format="json"
        )
        assert response.status_code == 404 and response.json() == {"detail": "Not found."}
        assert "Jane" not in response.content.decode() and "Marcus" not in response.content.decode()
    detail = client.get(reverse("api:intelligence-log-detail", args=[log.pk]))
    assert "Marcus" not in detail.content.decode() and "Jane" not in detail.content.decode()
    # Each refused read is logged (a partner's detail request too: the whole API is closed to them).
    denied = AuditEvent.objects.filter(outcome="denied", actor_username=actor.username).count()
    assert denied == (3 if who == "partner" else 2)


def test_the_unit_reads_an_unsanitised_original_with_a_reason(intelligence_officer):
    log = IntelligenceLogFactory(evaluated=True)
    client = api_client_for(intelligence_officer)
    assert client.get(reverse("api:intelligence-log-detail", args=[log.pk])).json()["text"].startswith("A known")
    response = client.post(
        reverse("api:intelligence-log-original", args=[log.pk]), {"justification": "Court disclosure"}, format="json"
    )
    assert response.status_code == 200 and response.json()["original_text"].startswith("Marcus Webb")
    event = AuditEvent.objects.get(action="intelligence_log.view_original")
    assert event.category == "consultation" and event.justification == "Court disclosure"


# --- Search ---------------------------------------------------------------------------------


def test_search_finds_by_text_person_place_vehicle_date_and_grading_and_each_search_is_logged(
    pcso, intelligence_officer
):
    data = submit(api_client_for(pcso)).json()
    other = IntelligenceLogFactory(evaluated=True, original_text="Nothing here", sanitised_text="Cars racing")
    client = api_client_for(intelligence_officer)
    url = reverse("api:intelligence-log-list")

    def found(**params):
        return [row["id"] for row in client.get(url, params).json()["results"]]

    assert found(q="launderette") == [data["id"]]
    assert found(person="marcus") == [data["id"]]
    assert found(vehicle="ab12cde") == [data["id"]]
    assert found(place="cheapside") == [data["id"], other.pk]
    assert found(intelligence_assessment="B") == [other.pk]
    assert found(occurred_after=(timezone.now() - timedelta(minutes=90)).isoformat()) == [data["id"]]
    assert client.get(url, {"status": "nonsense"}).status_code == 400
    searches = AuditEvent.objects.filter(action="intelligence_log.search")
    assert searches.count() == 7 and all(e.category == "consultation" for e in searches)
    assert searches.filter(details__filters__person="marcus").exists()


def test_search_never_matches_an_unsanitised_original_for_other_readers(pcso, constable):
    IntelligenceLogFactory(evaluated=True)  # original names Marcus Webb; sanitised does not
    client = api_client_for(constable)
    assert client.get(reverse("api:intelligence-log-list"), {"q": "Marcus"}).json()["count"] == 0
    assert client.get(reverse("api:intelligence-log-list"), {"q": "launderette"}).json()["count"] == 1


def test_links_to_incidents(pcso, north):
    incident = IncidentFactory(neighbourhood=north, created_by=pcso)
    data = submit(api_client_for(pcso), incidents=[incident.pk]).json()
    assert data["incidents"] == [incident.pk]
    found = api_client_for(pcso).get(reverse("api:intelligence-log-list"), {"incident": incident.pk}).json()
    assert [row["id"] for row in found["results"]] == [data["id"]]


def test_the_list_costs_the_same_for_one_report_or_many(constable, django_assert_max_num_queries):
    IntelligenceLogFactory.create_batch(3, evaluated=True)
    client = api_client_for(constable)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("api:intelligence-log-list")).json()["count"] == 3
    IntelligenceLogFactory.create_batch(20, evaluated=True)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("api:intelligence-log-list")).json()["count"] == 23


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"handling_code": "C", "handling_conditions": ""}, "handling_conditions"),
        ({"dissemination": "partners"}, "dissemination"),
        ({"intelligence_assessment": "Z"}, "intelligence_assessment"),
        ({"sanitised_text": "   "}, "sanitised_text"),
    ],
)
def test_a_bad_evaluation_is_400_with_field_errors_and_changes_nothing(intelligence_officer, extra, field):
    log = IntelligenceLogFactory()
    client = api_client_for(intelligence_officer)
    etag = client.get(reverse("api:intelligence-log-detail", args=[log.pk]))["ETag"]
    response = evaluate(client, log.pk, etag, **extra)
    assert response.status_code == 400 and field in response.json()
    log.refresh_from_db()
    assert log.status == "submitted" and log.version == 1
