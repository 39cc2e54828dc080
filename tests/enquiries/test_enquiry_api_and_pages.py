"""House-to-house enquiries through the API and the pages: an enquiry run from set-up to close,
import with bad rows, concurrent visits, ETag/If-Match, exports logged once, roles, query
budgets."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from enquiries.models import Enquiry, Visit
from tests.conftest import api_client_for, client_for
from tests.factories import EnquiryFactory, IncidentFactory, PremisesFactory, visit_outcome

CSV = b"address,latitude,longitude\n1 Wood Street,51.5152,-0.0937\n2 Wood Street,abc,-0.09\n3 Wood Street,,\n"


def api(name, enquiry=None, **kwargs):
    return reverse(f"api:enquiry-{name}", kwargs={"pk": enquiry.pk, **kwargs} if enquiry else None)


def page(name, enquiry, **kwargs):
    return reverse(f"enquiries:enquiry-{name}", kwargs={"pk": enquiry.pk, **kwargs})


@pytest.fixture
def enquiry(north, pcso):
    return EnquiryFactory(neighbourhood=north, created_by=pcso)


def test_an_enquiry_runs_from_set_up_to_close_through_the_api(pcso, north):
    client = api_client_for(pcso)
    incident = IncidentFactory(neighbourhood=north, created_by=pcso)
    created = client.post(
        api("list"),
        {
            "incident": incident.pk,
            "title": "Burglary, Wood Street",
            "streets": "Wood Street",
            "rationale": "Entry seen from the street between 01:00 and 03:00.",
            "question_templates": ["saw-or-heard", "cctv"],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["neighbourhood"] == "north" and data["coordinator"] == "pat" and data["incident_reference"]
    assert data["progress"] == {"total": 0, "completed": 0, "revisits_due": 0, "percent": 0}
    enquiry = Enquiry.objects.get(pk=data["id"])

    upload = SimpleUploadedFile("wood.csv", CSV, content_type="text/csv")
    imported = client.post(api("import", enquiry), {"file": upload}, format="multipart")
    assert imported.status_code == 201
    assert imported.json()["created"] == 2 and imported.json()["errors"][0].startswith("wood.csv:3: ")

    premises = client.get(api("premises", enquiry)).json()["results"]
    first, second = premises[0]["id"], premises[1]["id"]
    assert client.get(api("premises", enquiry), {"status": "nonsense"}).status_code == 400
    due = (timezone.now() + timedelta(days=1)).isoformat()
    no_reply = {"premises": first, "outcome": "no-reply-card-left", "card_reference": "C-77", "revisit_due_at": due}
    assert client.post(api("visits", enquiry), no_reply, format="json").status_code == 201
    revisits = client.get(api("premises", enquiry), {"status": "revisit"}).json()["results"]
    assert [(p["id"], p["revisit_officer"]) for p in revisits] == [(first, "pat")]
    read = AuditEvent.objects.filter(action="enquiry.view_premises").order_by("id").last()
    assert read.category == "consultation" and read.details == {"filters": {"status": "revisit"}}
    assert client.get(api("detail", enquiry)).json()["progress"] == {
        "total": 2,
        "completed": 0,
        "revisits_due": 1,
        "percent": 0,
    }
    seen = {
        "premises": second,
        "outcome": "occupant-seen",
        "people": [{"name": "Ann Lee", "present": True}],
        "answers": {"cctv": "Doorbell camera facing the road"},
        "follow_up": "Collect doorbell footage",
    }
    visit = client.post(api("visits", enquiry), seen, format="json")
    assert visit.status_code == 201 and visit.json()["people"] == [{"name": "Ann Lee", "present": True}]
    assert client.get(api("detail", enquiry)).json()["progress"]["completed"] == 1

    refused = client.post(api("close", enquiry), {"summary": "One witness with CCTV."}, format="json")
    assert refused.status_code == 400 and "unreached_reason" in refused.json()
    closed = client.post(
        api("close", enquiry), {"summary": "One witness.", "unreached_reason": "1 Wood St empty."}, format="json"
    )
    assert closed.status_code == 200 and closed.json()["status"] == "closed"


def test_visits_to_one_premises_posted_at_once_are_both_kept(pcso, constable, enquiry):
    premises = PremisesFactory(enquiry=enquiry)
    body = {"premises": premises.pk, "outcome": "occupant-seen"}
    assert api_client_for(pcso).post(api("visits", enquiry), body, format="json").status_code == 201
    assert api_client_for(constable).post(api("visits", enquiry), body, format="json").status_code == 201
    assert Visit.objects.filter(premises=premises).count() == 2


def test_a_visit_to_premises_of_another_enquiry_is_refused(pcso, enquiry, north):
    other = PremisesFactory(enquiry=EnquiryFactory(neighbourhood=north))
    response = api_client_for(pcso).post(
        api("visits", enquiry), {"premises": other.pk, "outcome": "refused"}, format="json"
    )
    assert response.status_code == 400 and "premises" in response.json()


def test_bad_visit_input_is_a_400_with_field_errors(pcso, enquiry):
    premises = PremisesFactory(enquiry=enquiry)
    response = api_client_for(pcso).post(
        api("visits", enquiry), {"premises": premises.pk, "outcome": "no-reply-card-left"}, format="json"
    )
    assert response.status_code == 400 and {"card_reference", "revisit_due_at"} <= set(response.json())
    unknown = api_client_for(pcso).post(api("visits", enquiry), {"premises": premises.pk, "outcome": "x"})
    assert unknown.status_code == 400 and "outcome" in unknown.json()


def test_editing_needs_if_match_and_a_stale_one_is_412(pcso, enquiry):
    client = api_client_for(pcso)
    etag = client.get(api("detail", enquiry))["ETag"]
    assert client.patch(api("detail", enquiry), {"title": "New"}, format="json").status_code == 428
    ok = client.patch(api("detail", enquiry), {"title": "New"}, format="json", HTTP_IF_MATCH=etag)
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = client.patch(api("detail", enquiry), {"title": "Lost"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    event = AuditEvent.objects.get(action="enquiry.update")
    assert event.details["changes"]["title"] == {"old": "Burglary at 12 High Street", "new": "New"}


def test_each_export_is_one_logged_consultation(pcso, enquiry):
    premises = PremisesFactory(enquiry=enquiry, address="1 Wood Street")
    Visit.objects.create(
        premises=premises,
        visited_at=timezone.now(),
        visited_by=pcso,
        recorded_by=pcso,
        outcome=visit_outcome("occupant-seen"),
        answers={"cctv": "=HYPERLINK(evil)"},
        people=[{"name": "Ann Lee", "present": False}],
    )
    PremisesFactory(enquiry=enquiry, address="2 Wood Street")
    response = api_client_for(pcso).get(api("export", enquiry))
    assert response.status_code == 200 and response["Content-Type"] == "text/csv"
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("enquiry,address,") and lines[0].endswith("Do you have CCTV or a doorbell camera?")
    assert len(lines) == 3 and "Ann Lee (not present at the time)" in lines[1]
    assert "'=HYPERLINK(evil)" in lines[1]  # never a formula in a spreadsheet
    client_for(pcso).get(page("export", enquiry))
    events = AuditEvent.objects.filter(action="enquiry.export")
    assert events.count() == 2 and {e.category for e in events} == {"consultation"}


def test_reading_the_coordinator_page_is_a_consultation_within_a_query_budget(
    pcso, enquiry, django_assert_max_num_queries
):
    for n in range(30):
        place = PremisesFactory(enquiry=enquiry)
        if n % 3 == 0:
            Visit.objects.create(
                premises=place,
                visited_at=timezone.now(),
                visited_by=pcso,
                recorded_by=pcso,
                outcome=visit_outcome("occupant-seen"),
                follow_up="CCTV",
            )
    client = client_for(pcso)
    with django_assert_max_num_queries(20):
        response = client.get(page("detail", enquiry))
    assert response.status_code == 200 and b"0 of 30 premises completed" in response.content
    assert b'class="map-legend"' in response.content and b"Revisit due" in response.content
    assert AuditEvent.objects.filter(action="enquiry.view", category="consultation").count() == 1


def test_the_list_is_bounded_and_searching_is_logged(pcso, north, django_assert_max_num_queries):
    for _ in range(5):
        PremisesFactory(enquiry=EnquiryFactory(neighbourhood=north))
    client, api_client = client_for(pcso), api_client_for(pcso)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("enquiries:enquiry-list"), {"status": "open"})
    assert response.status_code == 200 and response.content.count(b"premises completed") == 5
    with django_assert_max_num_queries(10):
        api_response = api_client.get(api("list"), {"neighbourhood": "north", "revisits_due": "false"})
    assert api_response.json()["count"] == 5
    searches = AuditEvent.objects.filter(action="enquiry.search")
    assert searches.count() == 2 and searches.order_by("id").last().details["filters"]["neighbourhood"] == "north"


def test_setting_up_on_the_page_with_a_csv_reports_bad_rows(pcso, north):
    incident = IncidentFactory(neighbourhood=north, created_by=pcso)
    response = client_for(pcso).post(
        reverse("enquiries:enquiry-create"),
        {
            "incident": incident.pk,
            "title": "Robbery",
            "scope": "streets",
            "streets": "Wood Street",
            "rationale": "Route of the suspect.",
            "question_templates": ["cctv"],
            "premises_file": SimpleUploadedFile("route.csv", CSV),
        },
        follow=True,
    )
    enquiry = Enquiry.objects.get()
    assert response.redirect_chain[-1][0] == page("detail", enquiry)
    text = response.content.decode()
    assert "route.csv: 3 rows, 2 premises added" in text and "route.csv:3: latitude/longitude" in text


def test_the_set_up_form_shows_field_errors(pcso, north):
    response = client_for(pcso).post(reverse("enquiries:enquiry-create"), {"incident": 999, "scope": "area"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"title", "rationale"} <= set(errors) and not Enquiry.objects.exists()


def test_recording_a_visit_on_the_phone_page(pcso, enquiry):
    premises = PremisesFactory(enquiry=enquiry)
    client = client_for(pcso)
    form = client.get(page("visit", enquiry, premises_pk=premises.pk))
    assert form.status_code == 200 and b"Do you have CCTV or a doorbell camera?" in form.content
    due = (timezone.localtime() + timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        page("visit", enquiry, premises_pk=premises.pk),
        {
            "outcome": "no-reply-card-left",
            "visited_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "card_reference": "C-12",
            "revisit_due_at": due,
        },
    )
    assert response.status_code == 302
    premises.refresh_from_db()
    assert premises.status == "revisit" and premises.revisit_officer == pcso


def test_a_page_edit_on_a_stale_version_is_not_saved(pcso, enquiry):
    Enquiry.objects.filter(pk=enquiry.pk).update(version=2)
    response = client_for(pcso).post(
        page("edit", enquiry),
        {
            "title": "Mine",
            "scope": "streets",
            "streets": "Wood St",
            "rationale": "Why",
            "coordinator": "pat",
            "version": 1,
        },
    )
    assert response.status_code == 200 and response.context["conflict"]
    assert Enquiry.objects.get(pk=enquiry.pk).title == "Burglary at 12 High Street"


def test_closing_on_the_page_asks_for_the_reason_for_unreached_premises(pcso, enquiry):
    PremisesFactory(enquiry=enquiry)
    client = client_for(pcso)
    response = client.post(page("close", enquiry), {"summary": "Nothing", "version": 1})
    assert response.status_code == 200 and "unreached_reason" in response.context["form"].errors
    done = client.post(page("close", enquiry), {"summary": "Nothing", "unreached_reason": "Empty", "version": 1})
    assert done.status_code == 302 and Enquiry.objects.get(pk=enquiry.pk).status == "closed"


def test_the_printable_report_is_logged_and_shows_the_answers(pcso, enquiry):
    premises = PremisesFactory(enquiry=enquiry, address="9 Milk Street")
    Visit.objects.create(
        premises=premises,
        visited_at=timezone.now(),
        visited_by=pcso,
        recorded_by=pcso,
        outcome=visit_outcome("occupant-seen"),
        answers={"saw-or-heard": "A white van"},
    )
    response = client_for(pcso).get(page("report", enquiry))
    assert b"9 Milk Street" in response.content and b"A white van" in response.content
    assert AuditEvent.objects.filter(action="enquiry.report", category="consultation").count() == 1


def test_partners_get_the_same_404_as_a_missing_enquiry(partner, pcso, enquiry):
    out_of_scope = api_client_for(partner).get(api("detail", enquiry))
    missing = api_client_for(pcso).get(reverse("api:enquiry-detail", kwargs={"pk": 999_999}))
    assert out_of_scope.status_code == missing.status_code == 404 and out_of_scope.content == missing.content
    assert AuditEvent.objects.filter(actor_username="carol", outcome="denied").exists()


def test_roles_that_only_read_are_refused_writes_and_it_is_logged(intelligence_officer, enquiry):
    response = api_client_for(intelligence_officer).post(
        api("visits", enquiry), {"premises": PremisesFactory(enquiry=enquiry).pk, "outcome": "refused"}, format="json"
    )
    assert response.status_code == 403
    assert AuditEvent.objects.get(action="enquiry.record_visit").outcome == "denied"


def test_only_officers_and_staff_can_be_named_as_visiting(pcso, partner, enquiry):
    body = {"premises": PremisesFactory(enquiry=enquiry).pk, "outcome": "refused", "visited_by": partner.username}
    response = api_client_for(pcso).post(api("visits", enquiry), body, format="json")
    assert response.status_code == 400 and "visited_by" in response.json()


def test_api_lists_keep_a_query_budget_whatever_their_length(pcso, constable, north, django_assert_max_num_queries):
    enquiry = EnquiryFactory(neighbourhood=north, created_by=pcso)
    for n in range(20):
        EnquiryFactory(neighbourhood=north, created_by=constable)
        place = PremisesFactory(enquiry=enquiry)
        Visit.objects.create(
            premises=place,
            visited_at=timezone.now(),
            visited_by=pcso if n % 2 else constable,
            recorded_by=constable,
            outcome=visit_outcome("call-back-arranged"),
            revisit_due_at=timezone.now() + timedelta(days=1),
            revisit_officer=pcso,
        )
    client = api_client_for(pcso)
    for name, expected in (("list", 21), ("premises", 20), ("visits", 20)):
        with django_assert_max_num_queries(8):
            response = client.get(api(name, None if name == "list" else enquiry))
        assert response.json()["count"] == expected


def test_a_closed_enquiry_sends_the_visit_and_edit_pages_back_with_a_message(pcso, enquiry):
    premises = PremisesFactory(enquiry=enquiry)
    Enquiry.objects.filter(pk=enquiry.pk).update(status="closed", closed_at=timezone.now())
    client = client_for(pcso)
    for url in (page("visit", enquiry, premises_pk=premises.pk), page("edit", enquiry)):
        response = client.get(url, follow=True)
        assert response.redirect_chain == [(page("detail", enquiry), 302)]
        assert "is closed: it takes no more changes or visits" in response.content.decode()
