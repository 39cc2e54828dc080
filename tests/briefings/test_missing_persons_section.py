"""The briefing's `missing_persons` section: active cases of the neighbourhood, high risk
first, with the audited photo URL, description, last seen and what to do on sight; a
report, a sighting or a trace refreshes today's briefing."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from briefings.models import Briefing
from briefings.services.generate import briefing_generate
from missing_persons.services.outcome import missing_case_trace
from missing_persons.services.search import missing_case_add_sighting
from tests.conftest import client_for
from tests.factories import PNG_BYTES, MissingPersonCaseFactory


def test_active_cases_high_risk_first_with_what_to_do(north, south, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    low = MissingPersonCaseFactory(neighbourhood=north, name="Lou Low", risk_level="low")
    high = MissingPersonCaseFactory(
        neighbourhood=north,
        name="Hal High",
        risk_level="high",
        photo=SimpleUploadedFile("h.png", PNG_BYTES),
        photo_content_type="image/png",
    )
    MissingPersonCaseFactory(neighbourhood=north, status="traced", traced_at=timezone.now(), name="Found Already")
    MissingPersonCaseFactory(neighbourhood=south, name="Elsewhere")

    rows = briefing_generate(actor=None, neighbourhood=north, day=timezone.localdate()).sections["missing_persons"]

    assert [row["name"] for row in rows] == ["Hal High", "Lou Low"]
    assert rows[0]["photo_url"] == reverse("missing_persons:missing-case-photo", args=[high.pk, "person"])
    assert rows[1]["photo_url"] == "" and rows[1]["id"] == low.pk
    assert rows[0]["if_seen"].startswith("Stay with them") and rows[0]["risk_label"] == "High"
    assert rows[0]["description"] == high.description and rows[0]["is_child"] is True


def test_a_sighting_and_the_trace_refresh_todays_briefing(pcso, north, django_capture_on_commit_callbacks):
    case = MissingPersonCaseFactory(
        neighbourhood=north, last_seen_at=timezone.now() - timedelta(hours=3), last_seen_place="School gates"
    )
    briefing = briefing_generate(actor=None, neighbourhood=north, day=timezone.localdate())
    assert briefing.sections["missing_persons"][0]["last_seen"] == "School gates"

    with django_capture_on_commit_callbacks(execute=True):
        missing_case_add_sighting(
            actor=pcso,
            case=case,
            data={
                "seen_at": timezone.now() - timedelta(minutes=10),
                "place": "Bus station",
                "reported_by": "Driver",
                "confidence": "probable",
            },
        )
    assert Briefing.objects.get(pk=briefing.pk).sections["missing_persons"][0]["last_seen"] == "Bus station"

    with django_capture_on_commit_callbacks(execute=True):
        missing_case_trace(
            actor=pcso,
            case=case,
            fields={"traced_at": timezone.now(), "traced_where": "Home", "traced_how": "Returned"},
        )
    assert Briefing.objects.get(pk=briefing.pk).sections["missing_persons"] == []


def test_the_briefing_page_shows_them_first_with_the_photo_through_the_audited_view(pcso, north, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = MissingPersonCaseFactory(
        neighbourhood=north, photo=SimpleUploadedFile("h.png", PNG_BYTES), photo_content_type="image/png"
    )
    briefing = briefing_generate(actor=None, neighbourhood=north, day=timezone.localdate())
    page = client_for(pcso).get(reverse("briefings:detail", args=[briefing.pk])).content.decode()
    assert page.index("Missing persons") < page.index("Recent crime")
    assert "Jamie Lowe" in page and "If you see them: Stay with them" in page
    assert reverse("missing_persons:missing-case-photo", args=[case.pk, "person"]) in page and "/media/" not in page


def test_an_empty_section_says_when(pcso, north):
    briefing = briefing_generate(actor=None, neighbourhood=north, day=timezone.localdate())
    page = client_for(pcso).get(reverse("briefings:detail", args=[briefing.pk])).content.decode()
    assert "No one was recorded as missing in this neighbourhood when the briefing was built." in page
