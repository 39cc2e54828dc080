"""Intelligence pages: the phone form and its source check, what each reader's page shows,
the unit's evaluation page (version field, conflict), rejection, restricted reads, search."""

from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from intelligence.models import IntelligenceLog, SourceRecord
from tests.conftest import client_for
from tests.factories import IntelligenceLogFactory

SANITISED = "A known male deals from the rear of the launderette in the evenings."


def form_data(**extra) -> dict:
    return {
        "original_text": "Marcus Webb deals from the rear of the launderette most evenings.",
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "location_text": "Cheapside launderette",
        "latitude": "51.5142",
        "longitude": "-0.0931",
        "people": "Marcus Webb\n",
        "places": "Rear yard, 12 Cheapside",
        "vehicles": "AB12 CDE",
        "source_evaluation": "2",
        "intelligence_assessment": "C",
        "handling_code": "P",
        "priority": "medium",
        "source_name": "Jane Doe",
        "source_contact": "07700 900123",
        **extra,
    }


def evaluate_data(log, **extra) -> dict:
    return {
        "version": log.version,
        "sanitised_text": SANITISED,
        "source_evaluation": "2",
        "intelligence_assessment": "B",
        "handling_code": "P",
        "priority": "high",
        "dissemination": "officers",
        **extra,
    }


def test_the_submission_form_says_the_source_goes_in_the_separate_record_and_has_a_map(pcso):
    page = client_for(pcso).get(reverse("intelligence:log-create")).content.decode()
    assert "Who told you goes <strong>only</strong> in the separate source record" in page
    assert 'id="incident-map"' in page and "js/incident_form.js" in page
    assert "Source record (separate, restricted)" in page


def test_a_pcso_submits_from_the_page(pcso, north):
    response = client_for(pcso).post(reverse("intelligence:log-create"), form_data(neighbourhood=north.pk))
    log = IntelligenceLog.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("intelligence:log-detail", args=[log.pk])
    assert log.grading == "2/C/P" and log.neighbourhood == north and log.submitted_by == pcso
    assert sorted(log.subjects.values_list("kind", "text")) == [
        ("person", "Marcus Webb"), ("place", "Rear yard, 12 Cheapside"), ("vehicle", "AB12 CDE"),
    ]  # fmt: skip
    assert SourceRecord.objects.get(log=log).name == "Jane Doe"
    assert AuditEvent.objects.filter(action="intelligence_log.submit", category="collection").count() == 1


def test_the_page_refuses_a_report_that_names_its_source_without_echoing_it(pcso):
    text = "Jane Doe told me Marcus deals there."
    response = client_for(pcso).post(reverse("intelligence:log-create"), form_data(original_text=text))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "separate source record" in errors["original_text"][0]
    assert "Jane Doe" not in errors["original_text"][0]
    assert not IntelligenceLog.objects.exists()


def test_the_page_asks_for_the_conditions_of_a_c_and_for_the_source(pcso):
    response = client_for(pcso).post(reverse("intelligence:log-create"), form_data(handling_code="C", source_name=""))
    errors = response.context["form"].errors
    assert set(errors) >= {"handling_conditions", "source_name"}
    assert not IntelligenceLog.objects.exists()


def test_officers_read_the_sanitised_report_with_its_conditions(constable):
    log = IntelligenceLogFactory(evaluated=True, handling_code="C", handling_conditions="Not for partners.")
    page = client_for(constable).get(reverse("intelligence:log-detail", args=[log.pk])).content.decode()
    assert "Report (sanitised)" in page and "A known dealer uses the rear" in page
    assert "Marcus" not in page and "Jane" not in page
    assert "2/B/C" in page and "Known indirectly to the source but corroborated" in page
    assert "Handling code C: conditions" in page and "Not for partners." in page
    assert "Read the source record" not in page


def test_the_unit_evaluates_on_the_page_starting_from_the_original(pcso, intelligence_officer):
    log = IntelligenceLogFactory(submitted_by=pcso)
    client = client_for(intelligence_officer)
    form = client.get(reverse("intelligence:log-evaluate", args=[log.pk])).context["form"]
    assert form.initial["sanitised_text"].startswith("Marcus Webb")

    response = client.post(reverse("intelligence:log-evaluate", args=[log.pk]), evaluate_data(log))
    assert response.status_code == 302
    log.refresh_from_db()
    assert (log.status, log.grading, log.sanitised_text) == ("evaluated", "2/B/P", SANITISED)
    assert log.evaluated_by == intelligence_officer


def test_a_stale_evaluation_page_shows_the_conflict_and_saves_nothing(intelligence_officer):
    log = IntelligenceLogFactory()
    client = client_for(intelligence_officer)
    client.post(reverse("intelligence:log-evaluate", args=[log.pk]), evaluate_data(log))
    response = client.post(
        reverse("intelligence:log-evaluate", args=[log.pk]), evaluate_data(log, intelligence_assessment="D")
    )
    assert response.status_code == 200 and response.context["conflict"] is True
    assert "not saved" in response.content.decode()
    log.refresh_from_db()
    assert log.intelligence_assessment == "B" and log.version == 2


def test_the_evaluation_page_refuses_a_sanitised_text_naming_the_source(intelligence_officer):
    log = IntelligenceLogFactory()
    response = client_for(intelligence_officer).post(
        reverse("intelligence:log-evaluate", args=[log.pk]), evaluate_data(log, sanitised_text="Doe saw it.")
    )
    assert "separate source record" in response.context["form"].errors["sanitised_text"][0]
    log.refresh_from_db()
    assert log.status == "submitted"


def test_rejecting_on_the_page_and_the_submitter_reads_why(pcso, intelligence_officer):
    log = IntelligenceLogFactory(submitted_by=pcso)
    response = client_for(intelligence_officer).post(
        reverse("intelligence:log-reject", args=[log.pk]), {"version": log.version, "reason": "Duplicate of INT-9."}
    )
    assert response.status_code == 302
    page = client_for(pcso).get(reverse("intelligence:log-detail", args=[log.pk])).content.decode()
    assert "Rejected by the intelligence unit" in page and "Duplicate of INT-9." in page


def test_the_source_page_asks_why_then_shows_it_once_logged_and_uncached(intelligence_officer):
    log = IntelligenceLogFactory()
    client = client_for(intelligence_officer)
    url = reverse("intelligence:log-source", args=[log.pk])

    asked = client.get(url)
    assert "Why do you need to see this?" in asked.content.decode() and "Jane" not in asked.content.decode()
    refused = client.post(url, {"justification": ""})
    assert refused.context["form"].errors["justification"] and "Jane" not in refused.content.decode()
    shown = client.post(url, {"justification": "Handler re-contact"})
    assert "Jane Doe" in shown.content.decode() and "no-store" in shown["Cache-Control"]
    event = AuditEvent.objects.get(action="source_record.view")
    assert event.justification == "Handler re-contact" and event.category == "consultation"


def test_the_original_page_shows_the_unsanitised_text_to_the_unit_with_a_reason(intelligence_officer):
    log = IntelligenceLogFactory(evaluated=True)
    response = client_for(intelligence_officer).post(
        reverse("intelligence:log-original", args=[log.pk]), {"justification": "Disclosure review"}
    )
    assert "Marcus Webb deals" in response.content.decode()
    assert AuditEvent.objects.get(action="intelligence_log.view_original").justification == "Disclosure review"


def test_search_page_logs_its_terms_and_shows_only_sanitised_text(constable, django_assert_max_num_queries):
    IntelligenceLogFactory.create_batch(12, evaluated=True)
    client = client_for(constable)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("intelligence:log-list"), {"q": "launderette", "priority": "medium"})
    page = response.content.decode()
    # The original names "Marcus Webb"; the reader (a random persona name) may be a Marcus too.
    assert "12 reports" in page and "Marcus Webb" not in page and "2/B/P" in page
    event = AuditEvent.objects.filter(action="intelligence_log.search").get()
    assert event.category == "consultation"
    assert event.details["filters"] == {"q": "launderette", "priority": "medium"}


def test_a_legacy_report_shows_its_5x5x5_grade_and_cannot_be_evaluated(constable, intelligence_officer):
    log = IntelligenceLogFactory(
        evaluated=True, source_evaluation="", intelligence_assessment="", handling_code="",
        legacy_source="B", legacy_intelligence="2", legacy_handling="4",
    )  # fmt: skip
    page = client_for(constable).get(reverse("intelligence:log-detail", args=[log.pk])).content.decode()
    assert "B/2/4" in page and "Legacy 5x5x5: Mostly reliable" in page
    response = client_for(intelligence_officer).get(reverse("intelligence:log-evaluate", args=[log.pk]))
    assert response.status_code == 302


def test_the_detail_page_costs_a_fixed_number_of_queries(constable, django_assert_max_num_queries):
    log = IntelligenceLogFactory(evaluated=True)
    log.subjects.create(kind="person", text="Marcus Webb", key="marcus webb")
    client = client_for(constable)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("intelligence:log-detail", args=[log.pk])).status_code == 200
