"""Missing-person pages: opening a case in the browser, the case page and its forms, the
audited photo, the printable timeline, restricted-data logging, partners refused, query
budgets, notifications and the nav badge."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from audit.models import AuditEvent
from missing_persons.models import MissingPersonCase, MissingSighting
from missing_persons.services.reports import missing_case_update
from missing_persons.services.reviews import missing_cases_flag_overdue_reviews
from missing_persons.services.search import missing_case_add_sighting
from tests.conftest import client_for
from tests.factories import PNG_BYTES, MissingPersonCaseFactory, UserFactory

LOCAL = "%Y-%m-%dT%H:%M"


def local(delta: timedelta) -> str:
    return timezone.localtime(timezone.now() + delta).strftime(LOCAL)


def report_form(north, **overrides) -> dict:
    return {
        "name": "Jamie Lowe",
        "date_of_birth": "2011-05-04",
        "description": "Slim, short brown hair, green blazer.",
        "missing_since": local(-timedelta(hours=3)),
        "reported_at": local(-timedelta(hours=2)),
        "reported_by": "Dana Lowe (mother)",
        "missing_from": "4 Wood Street",
        "neighbourhood": north.pk,
        "risk-risk_level": "high",
        "risk-rationale": "Twelve, out of character.",
        "risk-information_from": "Dana Lowe",
        "risk-information_at": local(-timedelta(hours=2)),
        "risk-q_out-of-character": "yes",
        "risk-n_out-of-character": "Never stays out",
        **overrides,
    }


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_a_pcso_reports_a_missing_child_on_the_page_with_a_photo(pcso, north, media):
    photo = SimpleUploadedFile("jamie.png", PNG_BYTES, content_type="image/png")
    response = client_for(pcso).post(
        reverse("missing_persons:missing-case-create"), {**report_form(north), "photo": photo}
    )

    case = MissingPersonCase.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "missing_persons:missing-case-detail", args=[case.pk]
    )
    assert case.photo and case.assessments.get().answers.get().notes == "Never stays out"
    page = client_for(pcso).get(response["Location"]).content.decode()
    assert "Jamie Lowe" in page and "Review due in" in page and "High-risk checklist" in page
    assert reverse("missing_persons:missing-case-photo", args=[case.pk, "person"]) in page
    assert "/media/" not in page
    assert AuditEvent.objects.filter(action="missing_case.view", object_id=str(case.pk), actor_username="pat").exists()


def test_a_bad_report_shows_field_errors_and_saves_nothing(pcso, north):
    bad = report_form(north, name="", **{"risk-risk_level": "", "risk-information_at": "yesterday"})
    response = client_for(pcso).post(reverse("missing_persons:missing-case-create"), bad)
    page = response.content.decode()
    assert response.status_code == 200 and "Check the form" in page
    assert page.count('class="field__error"') >= 3
    assert not MissingPersonCase.objects.exists()


def test_a_photo_that_is_not_an_image_is_refused_on_the_form(pcso, north, media):
    fake = SimpleUploadedFile("x.png", b"GIF89a not allowed", content_type="image/png")
    response = client_for(pcso).post(
        reverse("missing_persons:missing-case-create"), {**report_form(north), "photo": fake}
    )
    assert response.status_code == 200 and "JPEG or PNG" in response.content.decode()
    assert not MissingPersonCase.objects.exists()


def test_the_photo_is_served_only_through_the_audited_view(pcso, partner, north, media):
    case = MissingPersonCaseFactory(neighbourhood=north)
    case.photo = SimpleUploadedFile("p.png", PNG_BYTES)
    case.photo_content_type = "image/png"
    case.save()
    url = reverse("missing_persons:missing-case-photo", args=[case.pk, "person"])

    response = client_for(pcso).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG_BYTES
    assert response["Cache-Control"] == "private, no-store"
    event = AuditEvent.objects.get(action="missing_case.photo_view")
    assert event.category == "consultation" and event.actor_username == "pat"

    assert client_for(partner).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302
    assert (
        client_for(pcso).get(reverse("missing_persons:missing-case-photo", args=[case.pk, "herbert"])).status_code
        == 404
    )
    assert (
        client_for(pcso).get(reverse("missing_persons:missing-case-photo", args=[case.pk, "other"])).status_code == 404
    )


def test_list_and_search_requests_are_logged_with_their_filters(pcso, north):
    MissingPersonCaseFactory(neighbourhood=north)
    client_for(pcso).get(reverse("missing_persons:missing-case-list"), {"q": "jamie", "risk_level": "high"})
    event = AuditEvent.objects.get(action="missing_case.search")
    assert event.category == "consultation" and event.details["filters"] == {"q": "jamie", "risk_level": "high"}


def test_partners_see_none_of_it(partner, north):
    case = MissingPersonCaseFactory(neighbourhood=north)
    client = client_for(partner)
    for url in (
        reverse("missing_persons:missing-case-list"),
        reverse("missing_persons:missing-case-detail", args=[case.pk]),
        reverse("missing_persons:missing-case-timeline", args=[case.pk]),
    ):
        assert client.get(url).status_code == 404
    assert AuditEvent.objects.filter(actor_username="carol", outcome="denied").count() == 3


def test_the_list_puts_high_risk_first_and_traced_cases_last(pcso, north):
    low = MissingPersonCaseFactory(neighbourhood=north, name="Low Risk", risk_level="low")
    high = MissingPersonCaseFactory(neighbourhood=north, name="High Risk", risk_level="high")
    traced = MissingPersonCaseFactory(neighbourhood=north, name="Found", status="traced", traced_at=timezone.now())
    page = client_for(pcso).get(reverse("missing_persons:missing-case-list")).content.decode()
    assert page.index(high.reference) < page.index(low.reference) < page.index(traced.reference)


def test_list_and_detail_query_budgets_do_not_grow(pcso, north):
    client = client_for(pcso)
    case = MissingPersonCaseFactory(neighbourhood=north)

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    list_url = reverse("missing_persons:missing-case-list")
    detail_url = reverse("missing_persons:missing-case-detail", args=[case.pk])
    few_list, few_detail = queries(list_url), queries(detail_url)
    for n in range(8):
        MissingPersonCaseFactory(neighbourhood=north, name=f"Person {n}")
        missing_case_add_sighting(
            actor=pcso,
            case=case,
            data={
                "seen_at": timezone.now(),
                "place": f"Street {n}",
                "reported_by": "Caller",
                "confidence": "possible",
                "latitude": 51.5 + n / 1000,
                "longitude": -0.09,
            },
        )
    assert queries(list_url) == few_list
    assert queries(detail_url) == few_detail


def test_a_sighting_is_added_from_the_case_page_with_its_map_point(pcso, north):
    case = MissingPersonCaseFactory(neighbourhood=north)
    data = {
        "seen_at": local(-timedelta(minutes=20)),
        "place": "Bus station",
        "latitude": "51.5155",
        "longitude": "-0.0922",
        "reported_by": "Driver",
        "confidence": "probable",
    }
    response = client_for(pcso).post(reverse("missing_persons:missing-case-sighting", args=[case.pk]), data)
    assert response.status_code == 302
    sighting = MissingSighting.objects.get()
    assert (sighting.latitude, sighting.place) == (51.5155, "Bus station")
    page = client_for(pcso).get(reverse("missing_persons:missing-case-detail", args=[case.pk])).content.decode()
    assert "Bus station" in page and '"kind": "sighting"' in page


def test_a_bad_sighting_comes_back_as_a_message(pcso, north):
    case = MissingPersonCaseFactory(neighbourhood=north)
    response = client_for(pcso).post(
        reverse("missing_persons:missing-case-sighting", args=[case.pk]), {"seen_at": "x"}, follow=True
    )
    assert "Seen at" in response.content.decode() and not MissingSighting.objects.exists()


def test_intelligence_officers_read_but_do_not_work_cases(intelligence_officer, north):
    case = MissingPersonCaseFactory(neighbourhood=north)
    client = client_for(intelligence_officer)
    page = client.get(reverse("missing_persons:missing-case-detail", args=[case.pk])).content.decode()
    assert "Add a sighting" not in page and "Record the trace" not in page
    assert client.post(reverse("missing_persons:missing-case-sighting", args=[case.pk]), {}).status_code == 404


def test_a_stale_edit_keeps_the_text_shows_what_changed_and_saves_nothing(pcso, constable, north):
    case = MissingPersonCaseFactory(neighbourhood=north)
    form = {**report_form(north), "description": "Red coat", "version": case.version}
    missing_case_update(actor=constable, case=case, version=case.version, fields={"last_seen_place": "Library"})
    response = client_for(pcso).post(reverse("missing_persons:missing-case-edit", args=[case.pk]), form)
    page = response.content.decode()
    assert response.status_code == 200 and "Someone else changed this case" in page and "Red coat" in page
    assert "connor" in page and "Last seen place" in page and "Library" in page
    case.refresh_from_db()
    assert case.description.startswith("Slim") and case.last_seen_place == "Library"


def test_the_trace_form_then_the_return_form(pcso, council, north):
    case = MissingPersonCaseFactory(neighbourhood=north)
    client = client_for(pcso)
    client.post(
        reverse("missing_persons:missing-case-trace", args=[case.pk]),
        {
            "traced_at": local(-timedelta(minutes=30)),
            "traced_where": "Friend's flat",
            "traced_how": "Found by police",
            "version": case.version,
        },
    )
    case.refresh_from_db()
    assert case.status == "traced" and case.rhi_agency == council
    page = client.get(reverse("missing_persons:missing-case-detail", args=[case.pk])).content.decode()
    assert "Return home interview due within" in page and "City Council" in page

    client.post(
        reverse("missing_persons:missing-case-return", args=[case.pk]),
        {
            "safe_and_well_at": local(-timedelta(minutes=5)),
            "safe_and_well_notes": "Was at a friend's",
            "version": case.version,
        },
    )
    case.refresh_from_db()
    assert case.safe_and_well_by == pcso and case.safe_and_well_notes == "Was at a friend's"


def test_the_printable_timeline_has_everything_in_order(pcso, north):
    case = MissingPersonCaseFactory(neighbourhood=north)
    missing_case_add_sighting(
        actor=pcso,
        case=case,
        data={
            "seen_at": timezone.now() - timedelta(minutes=30),
            "place": "Park gates",
            "reported_by": "Neighbour",
            "confidence": "possible",
        },
    )
    page = client_for(pcso).get(reverse("missing_persons:missing-case-timeline", args=[case.pk])).content.decode()
    assert page.index("Went missing") < page.index("Reported by") < page.index("Park gates")
    assert AuditEvent.objects.filter(action="missing_case.view_timeline").exists()


def test_the_assessment_page_records_a_supervisor_review(supervisor, north):
    case = MissingPersonCaseFactory(neighbourhood=north)
    client = client_for(supervisor)
    page = client.get(reverse("missing_persons:missing-case-assess", args=[case.pk])).content.decode()
    assert "Supervisor review" in page and page.count('name="q_') == 25 * 4
    response = client.post(
        reverse("missing_persons:missing-case-assess", args=[case.pk]),
        {
            "risk_level": "medium",
            "rationale": "Seen safe at 16:00",
            "information_from": "PC Connor",
            "information_at": local(-timedelta(minutes=10)),
            "version": case.version,
            "q_weather-risk": "no",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.risk_level == "medium" and case.last_reviewed_by == supervisor


def test_overdue_reviews_show_in_the_nav_badge_and_the_notifications_page(supervisor, pcso, north):
    case = MissingPersonCaseFactory(neighbourhood=north, next_review_due_at=timezone.now() - timedelta(hours=2))
    missing_cases_flag_overdue_reviews()
    client = client_for(supervisor)
    home = client.get(reverse("missing_persons:missing-case-detail", args=[case.pk])).content.decode()
    assert "Review overdue by 2 hours" in home
    assert '<span class="count-badge">1<span class="visually-hidden"> unread</span>' in home
    listing = client.get(reverse("accounts:notifications")).content.decode()
    assert case.reference in listing

    note = Notification.objects.get()
    other = UserFactory(username="nosy")
    client_for(other).post(reverse("accounts:notifications-read"), {"id": note.pk})
    note.refresh_from_db()
    assert note.read_at is None  # not theirs
    response = client.post(reverse("accounts:notifications-read"), {"id": note.pk, "next": note.url})
    assert response["Location"] == note.url
    note.refresh_from_db()
    assert note.read_at is not None
    assert "count-badge" not in client.get(reverse("accounts:notifications")).content.decode()


def test_the_read_view_never_redirects_off_site(supervisor):
    response = client_for(supervisor).post(reverse("accounts:notifications-read"), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("accounts:notifications")


def test_herbert_protocol_page_saves_the_form(pcso, north, media):
    case = MissingPersonCaseFactory(neighbourhood=north)
    client = client_for(pcso)
    response = client.post(
        reverse("missing_persons:missing-case-herbert", args=[case.pk]),
        {
            "routines": "Walks to St Paul's every morning",
            "medication": "Donepezil",
            "photo": SimpleUploadedFile("h.png", PNG_BYTES),
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("missing_persons:missing-case-detail", args=[case.pk])).content.decode()
    assert "Walks to St Paul&#x27;s every morning" in page
    assert reverse("missing_persons:missing-case-photo", args=[case.pk, "herbert"]) in page


def test_the_incident_page_links_its_missing_person_case_or_offers_to_open_one(pcso, north):
    from incidents.services.incidents import incident_create
    from tests.factories import category

    case = MissingPersonCaseFactory(neighbourhood=north)
    page = client_for(pcso).get(reverse("incidents:incident-detail", args=[case.incident_id])).content.decode()
    assert reverse("missing_persons:missing-case-detail", args=[case.pk]) in page
    bare = incident_create(
        actor=pcso,
        fields={
            "opening_category": category("missing-person"),
            "occurred_at": timezone.now(),
            "location_text": "4 Wood Street",
            "account": "Child not home",
        },
    )
    page = client_for(pcso).get(reverse("incidents:incident-detail", args=[bare.pk])).content.decode()
    assert f"{reverse('missing_persons:missing-case-create')}?incident={bare.pk}" in page
    form = client_for(pcso).get(reverse("missing_persons:missing-case-create"), {"incident": bare.pk}).content.decode()
    assert f'name="incident" value="{bare.pk}"' in form and "4 Wood Street" in form
