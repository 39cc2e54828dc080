"""Missing-person case services: opening with the incident, risk history and supervision,
the overdue-review job, sightings, actions, trace and return, photos, Herbert Protocol.
Every service test asserts its audit row."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.choices import Role
from accounts.models import Notification
from audit.models import AuditEvent
from community.choices import AssignmentKind
from incidents.models.incidents import IncidentCategory
from missing_persons.models import MissingPersonCase, MissingRiskLevelSetting
from missing_persons.selectors import duration_words, review_timer, rhi_timer
from missing_persons.services.herbert import herbert_protocol_save
from missing_persons.services.outcome import missing_case_record_return, missing_case_trace
from missing_persons.services.reports import missing_case_assess, missing_case_open, missing_case_update
from missing_persons.services.reviews import missing_cases_flag_overdue_reviews
from missing_persons.services.search import missing_action_complete, missing_case_add_action, missing_case_add_sighting
from pcso.concurrency import StaleVersionError
from tests.conftest import member_of
from tests.factories import PNG_BYTES, IncidentFactory, MissingPersonCaseFactory, UserFactory, category

NOW = timezone.now


def report(north, **overrides) -> dict:
    return {
        "name": "Jamie Lowe",
        "date_of_birth": date(2011, 5, 4),
        "description": "Slim, 5ft, short brown hair, green school blazer.",
        "missing_since": NOW() - timedelta(hours=3),
        "reported_at": NOW() - timedelta(hours=2),
        "reported_by": "Dana Lowe (mother)",
        "missing_from": "4 Wood Street",
        "neighbourhood": north,
        "last_seen_at": NOW() - timedelta(hours=3),
        "last_seen_place": "School gates, Wood Street",
        "circumstances": "Did not come home from school.",
        **overrides,
    }


def grading(level="high", **overrides) -> dict:
    return {
        "risk_level": level,
        "rationale": "Twelve years old, out of character, cold night.",
        "information_from": "Dana Lowe (mother)",
        "information_at": NOW() - timedelta(hours=2),
        **overrides,
    }


def open_case(actor, north, level="high", **kw) -> MissingPersonCase:
    return missing_case_open(actor=actor, fields=report(north), assessment=grading(level), **kw)


def minutes(level: str) -> int:
    return MissingRiskLevelSetting.objects.get(level=level).review_minutes


def test_opening_a_case_logs_its_incident_and_first_assessment_and_is_a_collection(pcso, north):
    case = open_case(
        pcso, north, answers={"out-of-character": ("yes", "Never stayed out"), "weather-risk": ("yes", "")}
    )

    assert case.reference.startswith("MP-") and case.status == "active" and case.is_child
    assert case.incident.opening_category == IncidentCategory.objects.get(code="missing-person")
    assert case.incident.neighbourhood == north and case.neighbourhood == north
    assessment = case.assessments.get()
    assert (assessment.risk_level, assessment.information_from) == ("high", "Dana Lowe (mother)")
    assert assessment.assessed_by == pcso and not assessment.is_supervisor_review
    assert {a.question.code: a.answer for a in assessment.answers.all()} == {
        "out-of-character": "yes",
        "weather-risk": "yes",
    }
    expected_due = assessment.assessed_at + timedelta(minutes=minutes("high"))
    assert abs((case.next_review_due_at - expected_due).total_seconds()) < 5
    event = AuditEvent.objects.get(action="missing_case.open")
    assert event.category == "collection" and event.actor_username == "pat" and event.object_id == str(case.pk)
    assert event.details["fields"]["name"] == "Jamie Lowe" and event.details["incident"] == case.incident_id
    assert event.details["answers"] == {"out-of-character": "yes", "weather-risk": "yes"}
    assert AuditEvent.objects.filter(action="incident.create", object_id=str(case.incident_id)).exists()


def test_a_case_can_be_opened_on_an_existing_incident_but_only_once(pcso, north):
    incident = IncidentFactory(neighbourhood=north, opening_category=category("missing-person"), created_by=pcso)
    case = open_case(pcso, north, incident=incident)
    assert case.incident == incident

    with pytest.raises(ValidationError) as excinfo:
        open_case(pcso, north, incident=incident)
    assert "incident" in excinfo.value.message_dict


@pytest.mark.parametrize("persona", ["intelligence_officer", "administrator", "partner"])
def test_roles_that_only_read_cannot_open_a_case_and_the_attempt_is_logged(persona, request, north):
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        open_case(actor, north)
    assert not MissingPersonCase.objects.exists()
    denied = AuditEvent.objects.get(action="missing_case.open")
    assert denied.outcome == "denied" and denied.actor_username == actor.username


def test_bad_report_gives_field_errors_and_saves_nothing(pcso, north):
    fields = report(north, name="", date_of_birth=None, missing_since=NOW() + timedelta(days=1))
    with pytest.raises(ValidationError) as excinfo:
        missing_case_open(actor=pcso, fields=fields, assessment=grading(information_from=""))
    errors = excinfo.value.message_dict
    assert {"name", "age", "missing_since"} <= set(errors)
    assert not MissingPersonCase.objects.exists() and not AuditEvent.objects.filter(action="incident.create").exists()


def test_a_bad_assessment_is_refused_with_its_fields_named(pcso, north):
    with pytest.raises(ValidationError) as excinfo:
        missing_case_open(actor=pcso, fields=report(north), assessment=grading("extreme", information_from=""))
    assert {"risk_risk_level", "risk_information_from"} <= set(excinfo.value.message_dict)
    with pytest.raises(ValidationError) as excinfo:
        open_case(pcso, north, answers={"not-a-question": ("yes", "")})
    assert "answers" in excinfo.value.message_dict


def test_a_repeat_episode_links_the_earlier_cases_of_the_same_name_and_date_of_birth(pcso, north):
    earlier = MissingPersonCaseFactory(
        neighbourhood=north, status="traced", traced_at=NOW() - timedelta(days=30), person_key="jamie lowe|2011-05-04"
    )
    MissingPersonCaseFactory(
        neighbourhood=north, name="Jamie Lowe", date_of_birth=date(2010, 1, 1), person_key="jamie lowe|2010-01-01"
    )

    case = open_case(pcso, north)

    assert list(case.earlier_episodes.all()) == [earlier]
    assert AuditEvent.objects.get(action="missing_case.open").details["earlier_episodes"] == [earlier.reference]


def test_regrading_by_an_officer_brings_the_review_forward_but_never_pushes_it_back(pcso, north):
    case = open_case(pcso, north, level="very_low")
    due_before = case.next_review_due_at

    missing_case_assess(actor=pcso, case=case, data=grading("high"))
    case.refresh_from_db()
    assert case.risk_level == "high" and case.next_review_due_at < due_before
    high_due = case.next_review_due_at

    missing_case_assess(actor=pcso, case=case, data=grading("low"))
    case.refresh_from_db()
    assert case.risk_level == "low" and case.next_review_due_at == high_due
    events = AuditEvent.objects.filter(action="missing_case.assess").order_by("id")
    assert [e.details["changes"]["risk_level"] for e in events] == [
        {"old": "very_low", "new": "high"},
        {"old": "high", "new": "low"},
    ]
    assert all(e.category == "alteration" and e.details["information_from"] == "Dana Lowe (mother)" for e in events)
    assert case.assessments.count() == 3


def test_a_supervisor_review_resets_the_timer_and_clears_the_overdue_flag(pcso, supervisor, north):
    case = open_case(pcso, north, level="high")
    MissingPersonCase.objects.filter(pk=case.pk).update(
        next_review_due_at=NOW() - timedelta(hours=1), review_overdue_since=NOW() - timedelta(hours=1)
    )
    case.refresh_from_db()

    missing_case_assess(actor=supervisor, case=case, data=grading("medium"))

    case.refresh_from_db()
    assert case.review_overdue_since is None and case.last_reviewed_by == supervisor
    assert case.next_review_due_at > NOW() + timedelta(minutes=minutes("medium") - 1)
    event = AuditEvent.objects.get(action="missing_case.review")
    assert event.actor_username == "sam" and "review_overdue_since" in event.details["changes"]
    assert case.assessments.first().is_supervisor_review


def test_a_stale_version_is_refused_and_nothing_changes(pcso, north):
    case = open_case(pcso, north)
    with pytest.raises(StaleVersionError):
        missing_case_update(actor=pcso, case=case, version=case.version + 1, fields={"description": "Tall"})
    case.refresh_from_db()
    assert case.description.startswith("Slim") and not AuditEvent.objects.filter(action="missing_case.update")


def test_an_edit_records_old_and_new_values(pcso, north):
    case = open_case(pcso, north)
    missing_case_update(actor=pcso, case=case, version=case.version, fields={"description": "Red coat"})
    event = AuditEvent.objects.get(action="missing_case.update")
    assert event.details["changes"]["description"] == {
        "old": "Slim, 5ft, short brown hair, green school blazer.",
        "new": "Red coat",
    }


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (30, "1 minute"),
        (40 * 60, "40 minutes"),
        (2 * 3600, "2 hours"),
        (2 * 3600 + 600, "2 hours 10 minutes"),
        (3 * 3600 + 59 * 60, "4 hours"),
        (5 * 3600 + 600, "5 hours"),
        (27 * 3600, "1 day 3 hours"),
    ],
)
def test_durations_read_as_plain_words(seconds, words):
    assert duration_words(seconds) == words


def test_the_review_timer_says_due_in_or_overdue_by(north):
    now = NOW()
    due = MissingPersonCaseFactory.build(next_review_due_at=now + timedelta(minutes=40, seconds=20))
    late = MissingPersonCaseFactory.build(next_review_due_at=now - timedelta(hours=2, seconds=5))
    assert review_timer(due, now) == {
        "state": "due",
        "words": "Review due in 40 minutes",
        "due_at": due.next_review_due_at,
    }
    assert review_timer(late, now)["words"] == "Review overdue by 2 hours"
    traced = MissingPersonCaseFactory.build(status="traced", next_review_due_at=None)
    assert review_timer(traced, now)["state"] == "none"


@pytest.fixture
def south_supervisor(south):
    user = UserFactory(username="steve", role=Role.SUPERVISOR, email="steve@example.org")
    return member_of(user, south, AssignmentKind.SUPERVISOR)


def test_the_overdue_job_tells_the_neighbourhoods_supervisors_once(
    pcso, supervisor, south_supervisor, north, django_capture_on_commit_callbacks
):
    supervisor.email = "sam@example.org"
    supervisor.save()
    case = open_case(pcso, north)
    due = NOW() - timedelta(minutes=5)
    MissingPersonCase.objects.filter(pk=case.pk).update(next_review_due_at=due)

    with django_capture_on_commit_callbacks(execute=True):
        assert missing_cases_flag_overdue_reviews() == 1
        assert missing_cases_flag_overdue_reviews() == 0  # a rerun tells nobody twice

    case.refresh_from_db()
    assert case.review_overdue_since == due
    notes = Notification.objects.all()
    assert [n.recipient.username for n in notes] == ["sam"]
    assert notes[0].url == f"/missing-persons/{case.pk}/" and case.reference in notes[0].title
    assert "Jamie" not in notes[0].title + notes[0].body  # the name stays behind the audited page
    assert [m.to for m in mail.outbox] == [["sam@example.org"]]
    event = AuditEvent.objects.get(action="missing_case.review_overdue")
    assert event.source in ("command", "task", "web") and event.details["notified"] == ["sam"]


def test_a_review_then_a_new_overdue_tells_them_again(pcso, supervisor, north):
    case = open_case(pcso, north)
    MissingPersonCase.objects.filter(pk=case.pk).update(next_review_due_at=NOW() - timedelta(minutes=5))
    missing_cases_flag_overdue_reviews()
    case.refresh_from_db()
    missing_case_assess(actor=supervisor, case=case, data=grading("high"))
    MissingPersonCase.objects.filter(pk=case.pk).update(next_review_due_at=NOW() - timedelta(minutes=1))

    assert missing_cases_flag_overdue_reviews() == 1
    assert Notification.objects.filter(recipient=supervisor).count() == 2


def test_traced_cases_and_reviews_not_yet_due_are_left_alone(pcso, supervisor, north):
    MissingPersonCaseFactory(neighbourhood=north, next_review_due_at=NOW() + timedelta(minutes=1))
    MissingPersonCaseFactory(
        neighbourhood=north, status="traced", traced_at=NOW(), next_review_due_at=NOW() - timedelta(hours=1)
    )
    assert missing_cases_flag_overdue_reviews() == 0
    assert not Notification.objects.exists()


def test_a_sighting_needs_a_place_or_a_point_and_is_a_collection(pcso, north):
    case = open_case(pcso, north)
    data = {"seen_at": NOW() - timedelta(minutes=30), "reported_by": "Bus driver", "confidence": "probable"}
    with pytest.raises(ValidationError) as excinfo:
        missing_case_add_sighting(actor=pcso, case=case, data=data)
    assert "place" in excinfo.value.message_dict

    sighting = missing_case_add_sighting(actor=pcso, case=case, data={**data, "latitude": 51.515, "longitude": -0.093})

    assert sighting.has_point and sighting.recorded_by == pcso
    event = AuditEvent.objects.get(action="missing_case.add_sighting")
    assert event.category == "collection" and event.details["sighting"] == sighting.pk
    assert event.details["confidence"] == "probable"


def test_an_action_is_assigned_with_a_due_time_and_done_with_a_result(pcso, constable, north):
    case = open_case(pcso, north)
    action = missing_case_add_action(
        actor=pcso,
        case=case,
        description="Check CCTV at the station",
        assigned_to=constable,
        due_at=NOW() + timedelta(hours=1),
    )
    with pytest.raises(ValidationError):
        missing_action_complete(actor=constable, action=action, result="  ")

    done = missing_action_complete(actor=constable, action=action, result="Seen on platform 2 at 16:10")

    assert done.status == "done" and done.done_by == constable
    assert AuditEvent.objects.get(action="missing_case.add_action").details["assigned_to"] == "connor"
    event = AuditEvent.objects.get(action="missing_case.complete_action")
    assert event.details["changes"] == {f"action[{action.pk}]": {"old": "open", "new": "done"}}


def test_an_action_cannot_go_to_someone_who_does_not_work_cases(pcso, intelligence_officer, north):
    case = open_case(pcso, north)
    with pytest.raises(ValidationError) as excinfo:
        missing_case_add_action(actor=pcso, case=case, description="x", assigned_to=intelligence_officer, due_at=NOW())
    assert "assigned_to" in excinfo.value.message_dict


def test_tracing_a_child_refers_the_return_home_interview_with_a_72_hour_deadline(pcso, council, north):
    case = open_case(pcso, north)
    traced_at = NOW() - timedelta(minutes=10)
    fields = {
        "traced_at": traced_at,
        "traced_where": "Friend's house",
        "traced_how": "Found by police",
        "traced_by": "PC Connor",
    }
    traced = missing_case_trace(actor=pcso, case=case, fields=fields, version=case.version)

    assert traced.status == "traced" and traced.next_review_due_at is None
    assert traced.rhi_agency == council and traced.rhi_due_at == traced_at + timedelta(hours=72)
    assert rhi_timer(traced)["words"] == "Return home interview due within 3 days"
    event = AuditEvent.objects.get(action="missing_case.trace")
    assert event.details["changes"]["status"] == {"old": "active", "new": "traced"}
    assert event.details["changes"]["rhi_agency"] == {"old": None, "new": "council"}
    with pytest.raises(ValidationError):
        missing_case_assess(actor=pcso, case=traced, data=grading("low"))


def test_tracing_an_adult_sets_no_return_home_interview(pcso, council, north):
    case = missing_case_open(actor=pcso, fields=report(north, date_of_birth=date(1950, 1, 1)), assessment=grading())
    fields = {"traced_at": NOW(), "traced_where": "Park", "traced_how": "Returned home"}
    traced = missing_case_trace(actor=pcso, case=case, fields=fields)
    assert traced.rhi_due_at is None and traced.rhi_agency is None
    with pytest.raises(ValidationError) as excinfo:
        missing_case_record_return(actor=pcso, case=traced, fields={"rhi_completed_at": NOW()})
    assert "rhi_completed_at" in excinfo.value.message_dict


def test_the_trace_needs_when_where_and_how(pcso, north):
    case = open_case(pcso, north)
    with pytest.raises(ValidationError) as excinfo:
        missing_case_trace(actor=pcso, case=case, fields={"traced_by": "me"})
    assert set(excinfo.value.message_dict) == {"traced_at", "traced_where", "traced_how"}


def test_the_prevention_interview_is_recorded_after_the_trace(pcso, council, north):
    case = open_case(pcso, north)
    with pytest.raises(ValidationError):
        missing_case_record_return(actor=pcso, case=case, fields={"safe_and_well_at": NOW()})
    case = missing_case_trace(
        actor=pcso,
        case=case,
        fields={"traced_at": NOW() - timedelta(hours=1), "traced_where": "Home", "traced_how": "Returned"},
    )
    when = NOW() - timedelta(minutes=5)
    updated = missing_case_record_return(
        actor=pcso, case=case, fields={"safe_and_well_at": when, "safe_and_well_notes": "Stayed at a friend's"}
    )
    assert updated.safe_and_well_by == pcso
    event = AuditEvent.objects.get(action="missing_case.record_return")
    assert event.details["changes"]["safe_and_well_notes"] == {"old": "", "new": "Stayed at a friend's"}


def test_a_photo_must_be_a_jpeg_or_png_and_is_stored_under_a_random_name(pcso, north, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    not_image = SimpleUploadedFile("jamie.png", b"<svg onload=alert(1)>", content_type="image/png")
    with pytest.raises(ValidationError) as excinfo:
        open_case(pcso, north, photo=not_image)
    assert "photo" in excinfo.value.message_dict

    case = open_case(pcso, north, photo=SimpleUploadedFile("jamie lowe.png", PNG_BYTES, content_type="text/plain"))
    assert case.photo_content_type == "image/png" and "jamie" not in case.photo.name
    assert (tmp_path / case.photo.name).read_bytes() == PNG_BYTES


def test_a_photo_over_the_size_limit_is_refused(pcso, north, settings, tmp_path):
    settings.MEDIA_ROOT, settings.MISSING_PHOTO_MAX_BYTES = tmp_path, 32
    with pytest.raises(ValidationError, match="too large"):
        open_case(pcso, north, photo=SimpleUploadedFile("a.png", PNG_BYTES))


def test_herbert_protocol_details_are_attached_and_changes_audited(pcso, north, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = open_case(pcso, north)
    herbert_protocol_save(
        actor=pcso, case=case, fields={"routines": "Walks to the church daily", "medication": "Donepezil 10mg"}
    )
    herbert_protocol_save(
        actor=pcso, case=case, fields={"routines": "Walks to the park"}, photo=SimpleUploadedFile("h.png", PNG_BYTES)
    )
    case.herbert_protocol.refresh_from_db()
    assert case.herbert_protocol.medication == "Donepezil 10mg" and case.herbert_protocol.photo
    first, second = AuditEvent.objects.filter(action="missing_case.herbert_protocol").order_by("id")
    assert first.details["created"] and first.details["changes"]["medication"]["new"] == "Donepezil 10mg"
    assert second.details["changes"]["routines"] == {"old": "Walks to the church daily", "new": "Walks to the park"}
    assert second.details["changes"]["photo"]["new"] == "added"


def test_without_email_configured_only_the_in_app_notification_is_made(
    pcso, supervisor, north, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    supervisor.email = "sam@example.org"
    supervisor.save()
    case = open_case(pcso, north)
    MissingPersonCase.objects.filter(pk=case.pk).update(next_review_due_at=NOW() - timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        missing_cases_flag_overdue_reviews()
    assert Notification.objects.filter(recipient=supervisor).count() == 1
    assert not [c for c in callbacks if "send_copies" in repr(c)]


def test_the_scheduled_task_runs_in_process_by_default_and_is_logged_as_a_task(pcso, supervisor, north):
    from missing_persons.tasks import flag_overdue_missing_person_reviews

    case = open_case(pcso, north)
    MissingPersonCase.objects.filter(pk=case.pk).update(next_review_due_at=NOW() - timedelta(minutes=5))

    flag_overdue_missing_person_reviews.delay()  # no broker in the test settings: runs here, now
    flag_overdue_missing_person_reviews.delay()

    assert Notification.objects.filter(recipient=supervisor).count() == 1
    event = AuditEvent.objects.get(action="missing_case.review_overdue")
    assert event.source == "task" and event.actor is None
