"""House-to-house enquiries, the services: setting up, the premises list and its CSV import,
visits (additions: concurrent ones both kept), progress and revisits at every step, closing,
and the audit row of each."""

import io
import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from briefings.models import Briefing
from briefings.services.generate import briefing_generate
from enquiries.models import Enquiry, Premises, Visit
from enquiries.selectors import enquiry_list, enquiry_progress, enquiry_revisits
from enquiries.services.enquiry import enquiry_close, enquiry_create, enquiry_update
from enquiries.services.premises import UnreadableImport, premises_add, premises_import
from enquiries.services.visits import visit_follow_up_done, visit_record
from pcso.concurrency import StaleVersionError
from tests.conftest import client_for
from tests.factories import EnquiryFactory, IncidentFactory, PremisesFactory, UserFactory, visit_outcome

CSV = (
    "address,latitude,longitude\n"
    "1 Wood Street,51.5152,-0.0937\n"
    "2 Wood Street,,\n"
    "3 Wood Street,91,-0.09\n"  # latitude out of range
    '"4, Wood Street",51.5154,-0.0937\n'
    "1 wood st.,51.5152,-0.0937\n"  # the first address again
    "5 Wood Street,51.5155\n"  # a field short
    ",51.5,-0.09\n"  # no address
    "6 Milk Street,51.5149,-0.0930\n"
)


def progress(enquiry) -> tuple[int, int, int]:
    """(completed, total, revisits due) as the coordinator's page counts them."""
    row = enquiry_progress(enquiry_list(actor=enquiry.created_by).get(pk=enquiry.pk))
    return row["completed"], row["total"], row["revisits_due"]


def record(actor, premises, code, **extra):
    return visit_record(actor=actor, premises=premises, outcome=visit_outcome(code), **extra)


@pytest.fixture
def enquiry(north, pcso):
    return EnquiryFactory(neighbourhood=north, created_by=pcso)


def test_setting_up_an_enquiry_copies_the_chosen_questions_and_is_a_collection(pcso, north):
    incident = IncidentFactory(neighbourhood=north, created_by=pcso)
    enquiry = enquiry_create(
        actor=pcso,
        incident=incident,
        fields={"title": "Burglary", "streets": "Wood Street", "rationale": "Seen from the street."},
        question_templates=["cctv", "saw-or-heard"],
        extra_questions=["Did you hear a car alarm?", "  "],
    )
    assert enquiry.neighbourhood == north and enquiry.coordinator == pcso and enquiry.reference.startswith("H2H-")
    assert [q["code"] for q in enquiry.questions] == ["cctv", "saw-or-heard", "q1"]
    assert enquiry.questions[0]["text"] == "Do you have CCTV or a doorbell camera?"
    event = AuditEvent.objects.get(action="enquiry.create")
    assert event.category == "collection" and event.actor_username == "pat"
    assert event.details["incident"] == incident.pk and event.details["fields"]["streets"] == "Wood Street"


def test_an_enquiry_needs_a_rationale_streets_for_a_street_scope_and_a_small_area(pcso, north):
    incident = IncidentFactory(neighbourhood=north, created_by=pcso)
    with pytest.raises(ValidationError) as missing:
        enquiry_create(actor=pcso, incident=incident, fields={"title": "X"}, question_templates=["cctv"])
    assert {"rationale", "streets"} <= set(missing.value.message_dict)
    huge = {"type": "Polygon", "coordinates": [[[-0.2, 51.4], [0.1, 51.4], [0.1, 51.6], [-0.2, 51.4]]]}
    with pytest.raises(ValidationError) as too_big:
        enquiry_create(
            actor=pcso,
            incident=incident,
            fields={"title": "X", "scope": "area", "area": huge, "rationale": "Why"},
            question_templates=["cctv"],
        )
    assert "enquiry area must be small" in too_big.value.message_dict["area"][0]
    assert not Enquiry.objects.exists() and not AuditEvent.objects.filter(action="enquiry.create").exists()


def test_a_role_that_does_not_work_enquiries_is_refused_and_it_is_logged(intelligence_officer, north):
    with pytest.raises(PermissionDenied):
        enquiry_create(actor=intelligence_officer, incident=IncidentFactory(), fields={}, question_templates=["cctv"])
    assert AuditEvent.objects.get(action="enquiry.create").outcome == "denied"


def test_the_import_keeps_good_rows_and_reports_bad_ones_with_file_and_line(pcso, enquiry):
    PremisesFactory(enquiry=enquiry, address="6 Milk Street", address_key="6 milk st")

    report = premises_import(actor=pcso, enquiry=enquiry, handle=io.BytesIO(CSV.encode()), file_name="wood.csv")

    assert sorted(Premises.objects.filter(enquiry=enquiry).values_list("address", flat=True)) == [
        "1 Wood Street",
        "2 Wood Street",
        "4, Wood Street",
        "6 Milk Street",
    ]
    assert report.rows == 8 and report.created == 3
    assert [e.split(": ")[0] for e in report.errors] == ["wood.csv:4", "wood.csv:7", "wood.csv:8"]
    assert "out of range" in report.errors[0] and "expected 3 fields, found 2" in report.errors[1]
    assert "Give the address" in report.errors[2] and report.errors[2].endswith("row skipped")
    assert report.duplicates == [
        "wood.csv:6: 1 wood st. is already on the list",
        "wood.csv:9: 6 Milk Street is already on the list",
    ]
    event = AuditEvent.objects.get(action="enquiry.import_premises")
    assert event.category == "collection"
    assert event.details == {"file": "wood.csv", "rows": 8, "created": 3, "duplicates": 2, "bad_rows": 3}
    assert progress(enquiry) == (0, 4, 0)


def test_a_file_without_the_address_header_imports_nothing(pcso, enquiry):
    with pytest.raises(UnreadableImport, match="first line must be address,latitude,longitude"):
        premises_import(actor=pcso, enquiry=enquiry, handle=io.BytesIO(b"street,number\nWood,1\n"), file_name="x.csv")
    assert not Premises.objects.exists() and not AuditEvent.objects.filter(action="enquiry.import_premises").exists()


def test_bytes_that_are_not_utf8_spoil_their_row_only(pcso, enquiry):
    data = b"address\n1 Wood Street\n2 Wood \xff Street\n3 Wood Street\n"
    report = premises_import(actor=pcso, enquiry=enquiry, handle=io.BytesIO(data), file_name="w.csv")
    assert report.created == 2 and report.errors[0].startswith("w.csv:3: not UTF-8 text")


def test_adding_premises_by_hand_refuses_an_address_already_listed(pcso, enquiry):
    premises_add(actor=pcso, enquiry=enquiry, address="  7  Wood Street ", latitude=51.5, longitude=-0.09)
    with pytest.raises(ValidationError, match="already on the list"):
        premises_add(actor=pcso, enquiry=enquiry, address="7 wood st")
    with pytest.raises(ValidationError, match="both latitude and longitude"):
        premises_add(actor=pcso, enquiry=enquiry, address="8 Wood Street", latitude=51.5)
    assert list(enquiry.premises.values_list("address", flat=True)) == ["7 Wood Street"]
    event = AuditEvent.objects.get(action="enquiry.add_premises")
    assert event.category == "collection" and event.details["address"] == "7 Wood Street"


def test_progress_and_revisits_are_right_at_every_step(pcso, constable, enquiry):
    first, second, third = (PremisesFactory(enquiry=enquiry) for _ in range(3))
    assert progress(enquiry) == (0, 3, 0)
    due = timezone.now() + timedelta(days=1)

    record(pcso, first, "no-reply-card-left", card_reference="C-101", revisit_due_at=due)
    assert progress(enquiry) == (0, 3, 1)
    first.refresh_from_db()
    assert (first.status, first.revisit_due_at, first.revisit_officer) == ("revisit", due, pcso)

    record(constable, second, "call-back-arranged", revisit_due_at=due + timedelta(hours=2), revisit_officer=pcso)
    assert progress(enquiry) == (0, 3, 2)
    assert [p.pk for p in enquiry_revisits(actor=pcso, enquiry=enquiry)] == [first.pk, second.pk]

    record(pcso, first, "occupant-seen", answers={"cctv": "Yes, doorbell"}, follow_up="Collect doorbell footage")
    assert progress(enquiry) == (1, 3, 1)
    first.refresh_from_db()
    assert (first.status, first.revisit_due_at, first.visit_count) == ("completed", None, 2)

    record(constable, third, "refused")
    record(pcso, second, "empty-derelict")
    assert progress(enquiry) == (3, 3, 0)
    event = AuditEvent.objects.filter(action="enquiry.record_visit").order_by("id").first()
    assert event.category == "collection" and event.details["outcome"] == "no-reply-card-left"
    assert event.details["premises_status"] == {"old": "not_visited", "new": "revisit"}


def test_a_no_reply_needs_the_card_reference_and_a_call_back_time(pcso, enquiry):
    premises = PremisesFactory(enquiry=enquiry)
    with pytest.raises(ValidationError) as exc:
        record(pcso, premises, "no-reply-card-left")
    assert set(exc.value.message_dict) == {"card_reference", "revisit_due_at"}
    with pytest.raises(ValidationError, match="after the visit"):
        record(pcso, premises, "call-back-arranged", revisit_due_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(ValidationError, match="needs no call-back"):
        record(pcso, premises, "occupant-seen", revisit_due_at=timezone.now() + timedelta(hours=1))
    assert not Visit.objects.exists() and not AuditEvent.objects.filter(action="enquiry.record_visit").exists()


def test_answers_must_be_to_the_enquirys_questions(pcso, enquiry):
    with pytest.raises(ValidationError, match="Not questions of this enquiry: shoe-size"):
        record(pcso, PremisesFactory(enquiry=enquiry), "occupant-seen", answers={"shoe-size": "9"})


def test_people_spoken_to_and_whether_present_are_kept(pcso, enquiry):
    visit = record(
        pcso,
        PremisesFactory(enquiry=enquiry),
        "occupant-seen",
        people=[{"name": " Ann  Lee ", "present": True}, {"name": "", "present": True}, {"name": "Bo", "present": 0}],
    )
    assert visit.people == [{"name": "Ann Lee", "present": True}, {"name": "Bo", "present": False}]


def test_two_visits_to_one_premises_at_once_are_both_kept(pcso, constable, enquiry):
    """Both officers read the premises as not visited and record; nothing is overwritten."""
    premises = PremisesFactory(enquiry=enquiry)
    seen_by_pat = Premises.objects.get(pk=premises.pk)
    seen_by_connor = Premises.objects.get(pk=premises.pk)
    due = timezone.now() + timedelta(hours=3)
    record(pcso, seen_by_pat, "no-reply-card-left", card_reference="C-1", revisit_due_at=due)
    record(constable, seen_by_connor, "occupant-seen", answers={"saw-or-heard": "A van at 2am"})
    premises.refresh_from_db()
    assert premises.visit_count == 2 and premises.status == "completed"
    assert set(Visit.objects.values_list("visited_by__username", flat=True)) == {"pat", "connor"}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_visits_on_postgresql_are_both_kept_and_counted(north):
    """Two threads record at the same premises at the same moment on real row locks."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    officers = [UserFactory(username=f"officer{n}", role="pcso") for n in range(2)]
    enquiry = EnquiryFactory(neighbourhood=north, created_by=officers[0])
    premises = PremisesFactory(enquiry=enquiry)
    outcome = visit_outcome("occupant-seen")
    barrier, errors = threading.Barrier(2), []

    def visit(officer):
        try:
            barrier.wait()
            visit_record(actor=officer, premises=premises, outcome=outcome, answers={"cctv": officer.username})
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=visit, args=(officer,)) for officer in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    premises.refresh_from_db()
    assert premises.visit_count == 2 and Visit.objects.filter(premises=premises).count() == 2


def test_a_follow_up_is_marked_done_once_and_audited_as_an_alteration(pcso, enquiry):
    visit = record(pcso, PremisesFactory(enquiry=enquiry), "occupant-seen", follow_up="Collect CCTV")
    done = visit_follow_up_done(actor=pcso, visit=visit)
    assert done.follow_up_done_at is not None and not done.needs_follow_up
    again = visit_follow_up_done(actor=pcso, visit=visit)
    assert again.follow_up_done_at == done.follow_up_done_at
    event = AuditEvent.objects.get(action="enquiry.follow_up_done")
    assert event.category == "alteration" and event.details["changes"]["follow_up_done_at"]["old"] is None


def test_editing_an_enquiry_checks_the_version_and_records_old_and_new(pcso, enquiry):
    updated = enquiry_update(actor=pcso, enquiry=enquiry, version=1, fields={"streets": "Wood Street"})
    assert updated.version == 2
    event = AuditEvent.objects.get(action="enquiry.update")
    assert event.category == "alteration"
    assert event.details["changes"] == {"streets": {"old": "Wood Street\nMilk Street", "new": "Wood Street"}}
    with pytest.raises(StaleVersionError):
        enquiry_update(actor=pcso, enquiry=enquiry, version=1, fields={"title": "Lost update"})
    assert Enquiry.objects.get(pk=enquiry.pk).title == "Burglary at 12 High Street"


def test_closing_with_premises_never_reached_needs_a_reason(pcso, enquiry):
    done, never = PremisesFactory(enquiry=enquiry), PremisesFactory(enquiry=enquiry)
    record(pcso, done, "occupant-seen")
    record(pcso, never, "no-reply-card-left", card_reference="C-9", revisit_due_at=timezone.now() + timedelta(days=1))
    with pytest.raises(ValidationError) as exc:
        enquiry_close(actor=pcso, enquiry=enquiry, summary="One witness.")
    assert "1 premises were never completed" in exc.value.message_dict["unreached_reason"][0]

    assert progress(enquiry) == (1, 2, 1)
    closed = enquiry_close(actor=pcso, enquiry=enquiry, summary="One witness.", unreached_reason="Occupier abroad.")
    assert progress(enquiry) == (1, 2, 0)  # its call-backs lapse
    assert closed.status == "closed" and closed.closed_at and closed.unreached_reason == "Occupier abroad."
    event = AuditEvent.objects.get(action="enquiry.close")
    assert event.category == "alteration" and event.details["unreached"] == 1
    assert event.details["changes"]["status"] == {"old": "open", "new": "closed"}
    with pytest.raises(ValidationError, match="closed"):
        record(pcso, never, "occupant-seen")


def test_only_the_coordinator_or_a_supervisor_closes(constable, supervisor, enquiry):
    with pytest.raises(PermissionDenied):
        enquiry_close(actor=constable, enquiry=enquiry, summary="Done")
    assert AuditEvent.objects.get(action="enquiry.close", actor_username="connor").outcome == "denied"
    assert enquiry_close(actor=supervisor, enquiry=enquiry, summary="Nothing found").status == "closed"


# --- The briefing's enquiries section -------------------------------------------------------


def test_the_briefing_lists_revisits_and_follow_ups_with_their_officer_and_refreshes(
    pcso, constable, enquiry, django_capture_on_commit_callbacks
):
    first, second = PremisesFactory(enquiry=enquiry, address="1 Wood Street"), PremisesFactory(enquiry=enquiry)
    briefing = briefing_generate(actor=pcso, neighbourhood=enquiry.neighbourhood, day=timezone.localdate())
    assert briefing.sections["enquiries"] == []
    due = timezone.now() + timedelta(hours=5)
    with django_capture_on_commit_callbacks(execute=True):
        record(constable, first, "no-reply-card-left", card_reference="C-3", revisit_due_at=due, revisit_officer=pcso)
        record(constable, second, "occupant-seen", follow_up="Collect CCTV")
    rows = Briefing.objects.get(pk=briefing.pk).sections["enquiries"]
    assert [(r["kind"], r["address"], r["officer"]["username"]) for r in rows] == [
        ("revisit", "1 Wood Street", "pat"),
        ("follow_up", second.address, "connor"),
    ]
    assert rows[0]["due_at"] == due.isoformat() and rows[1]["follow_up"] == "Collect CCTV"

    with django_capture_on_commit_callbacks(execute=True):
        record(pcso, first, "occupant-seen")
    rows = Briefing.objects.get(pk=briefing.pk).sections["enquiries"]
    assert [r["kind"] for r in rows] == ["follow_up"]


def test_the_briefing_page_puts_the_readers_own_first(pcso, constable, enquiry):
    due = timezone.now() + timedelta(hours=2)
    record(pcso, PremisesFactory(enquiry=enquiry, address="1 Wood Street"), "call-back-arranged", revisit_due_at=due)
    later = due + timedelta(hours=1)
    record(pcso, PremisesFactory(enquiry=enquiry, address="2 Wood Street"), "call-back-arranged",
           revisit_due_at=later, revisit_officer=constable)  # fmt: skip
    briefing = briefing_generate(actor=pcso, neighbourhood=enquiry.neighbourhood, day=timezone.localdate())
    html = client_for(constable).get(reverse("briefings:detail", args=[briefing.pk])).content.decode()
    section = html[html.index('id="briefing-revisits"') :]
    assert section.index("2 Wood Street") < section.index("1 Wood Street")
    assert "1 assigned to you, listed first" in html


def test_a_visit_before_the_incident_is_refused(pcso, enquiry):
    before = enquiry.incident.occurred_at - timedelta(days=1)
    with pytest.raises(ValidationError, match="before the incident"):
        record(pcso, PremisesFactory(enquiry=enquiry), "occupant-seen", visited_at=before)


def test_moving_an_enquiry_refreshes_both_briefings(pcso, enquiry, south, django_capture_on_commit_callbacks):
    record(
        pcso, PremisesFactory(enquiry=enquiry), "call-back-arranged", revisit_due_at=timezone.now() + timedelta(days=1)
    )
    north_briefing = briefing_generate(actor=pcso, neighbourhood=enquiry.neighbourhood, day=timezone.localdate())
    south_briefing = briefing_generate(actor=pcso, neighbourhood=south, day=timezone.localdate())
    assert len(north_briefing.sections["enquiries"]) == 1 and south_briefing.sections["enquiries"] == []
    with django_capture_on_commit_callbacks(execute=True):
        enquiry_update(actor=pcso, enquiry=enquiry, version=1, fields={"neighbourhood": south})
    north_briefing.refresh_from_db()
    south_briefing.refresh_from_db()
    assert north_briefing.sections["enquiries"] == [] and len(south_briefing.sections["enquiries"]) == 1
