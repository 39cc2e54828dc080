"""The briefing's intelligence section: sanitised only, never E, C only when its conditions
permit, per reader's role, logged as disclosure, refreshed when the unit evaluates."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from briefings.models import Briefing
from briefings.services.generate import briefing_generate
from intelligence.services import intelligence_log_evaluate
from tests.conftest import api_client_for, client_for
from tests.factories import IntelligenceLogFactory

CONDITIONS = "Do not disclose to the housing provider."


def build(neighbourhood) -> Briefing:
    return briefing_generate(actor=None, neighbourhood=neighbourhood, day=timezone.localdate())


def references(briefing) -> set[str]:
    return {row["reference"] for row in briefing.sections["intelligence"]}


def released(neighbourhood, **kwargs):
    return IntelligenceLogFactory(evaluated=True, neighbourhood=neighbourhood, **kwargs)


def test_only_briefable_reports_of_the_neighbourhood_go_in_sanitised(north, south):
    included = released(north)
    conditional_ok = released(north, handling_code="C", handling_conditions=CONDITIONS, conditions_permit_briefing=True)
    conditional_no = released(north, handling_code="C", handling_conditions=CONDITIONS)
    suspected_false = released(north, intelligence_assessment="E")
    unit_only = released(north, dissemination="unit")
    pending = IntelligenceLogFactory(neighbourhood=north)
    elsewhere = released(south)
    old = released(north, evaluated_at=timezone.now() - timedelta(days=30))

    briefing = build(north)

    assert references(briefing) == {included.reference, conditional_ok.reference}
    excluded = [conditional_no, suspected_false, unit_only, pending, elsewhere, old]
    assert not references(briefing) & {log.reference for log in excluded}
    snapshot = str(briefing.sections)
    assert "Marcus" not in snapshot and "Jane" not in snapshot  # the original and the source never
    row = next(r for r in briefing.sections["intelligence"] if r["reference"] == conditional_ok.reference)
    assert row["grading"] == "2/B/C" and row["handling_conditions"] == CONDITIONS
    assert row["text"].startswith("A known dealer") and row["audience"] == ["constable", "pcso", "supervisor"]


def test_the_build_logs_one_disclosure_per_report_it_includes(north):
    first, second = released(north), released(north)
    released(north, intelligence_assessment="E")
    briefing = build(north)

    disclosures = AuditEvent.objects.filter(action="intelligence_log.disclose")
    assert sorted(int(e.object_id) for e in disclosures) == [first.pk, second.pk]
    event = disclosures.first()
    assert event.category == "disclosure" and event.recipient.startswith(f"Briefing north {briefing.date}")
    assert event.details["audience"] == ["constable", "pcso", "supervisor"]


def test_readers_see_only_the_rows_their_role_may(north, pcso, supervisor, staff, intelligence_officer):
    for_officers = released(north)
    for_supervisors = released(north, dissemination="supervisors", sanitised_text="Supervisors only: a briefing.")
    for_everyone = released(north, dissemination="all_staff", sanitised_text="Everyone may read this one.")
    briefing = build(north)
    url = reverse("api:briefing-detail", args=[briefing.pk])

    def seen(user):
        return {row["reference"] for row in api_client_for(user).get(url).json()["sections"]["intelligence"]}

    assert seen(pcso) == {for_officers.reference, for_everyone.reference}
    assert seen(supervisor) == {for_officers.reference, for_supervisors.reference, for_everyone.reference}
    assert seen(staff) == {for_everyone.reference}
    assert seen(intelligence_officer) == references(briefing)

    page = client_for(pcso).get(reverse("briefings:detail", args=[briefing.pk])).content.decode()
    assert for_officers.reference in page and "Supervisors only" not in page
    assert "A known dealer uses the rear of the launderette" in page and "Marcus" not in page


def test_a_c_report_shows_its_conditions_in_the_briefing_page(north, pcso):
    released(north, handling_code="C", handling_conditions=CONDITIONS, conditions_permit_briefing=True)
    briefing = build(north)
    page = client_for(pcso).get(reverse("briefings:detail", args=[briefing.pk])).content.decode()
    assert "Handling code C: conditions" in page and CONDITIONS in page


def test_evaluating_refreshes_todays_briefing(north, pcso, intelligence_officer, django_capture_on_commit_callbacks):
    briefing = build(north)
    log = IntelligenceLogFactory(neighbourhood=north, submitted_by=pcso)
    assert references(briefing) == set()

    with django_capture_on_commit_callbacks(execute=True):
        intelligence_log_evaluate(
            actor=intelligence_officer,
            log=log,
            values={
                "source_evaluation": "1", "intelligence_assessment": "B", "handling_code": "P",
                "priority": "high", "dissemination": "officers",
            },
            version=log.version,
            sanitised_text="A male deals from the rear of the launderette.",
        )  # fmt: skip

    briefing.refresh_from_db()
    assert references(briefing) == {log.reference}
    assert briefing.sections["intelligence"][0]["text"] == "A male deals from the rear of the launderette."
