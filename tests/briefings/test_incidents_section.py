"""The briefing's `incidents` section: open incidents in the neighbourhood, repeats first."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from briefings.services.generate import briefing_generate
from tests.conftest import client_for
from tests.factories import IncidentFactory, category


def test_open_incidents_in_the_neighbourhood_with_repeats_first(north, south, constable, pcso):
    now = timezone.now()
    plain = IncidentFactory(neighbourhood=north, occurred_at=now - timedelta(hours=1), location_text="Milk Street")
    repeat = IncidentFactory(
        neighbourhood=north,
        occurred_at=now - timedelta(hours=5),
        opening_category=category("asb"),
        asb_qualifier="nuisance",
        repeat_location=True,
        status="assigned",
        assignee=constable,
    )
    IncidentFactory(neighbourhood=north, status="closed", closing_category=category("asb"))
    IncidentFactory(neighbourhood=south)

    briefing = briefing_generate(actor=None, neighbourhood=north, day=timezone.localdate())
    section = briefing.sections["incidents"]

    assert [row["id"] for row in section] == [repeat.pk, plain.pk]
    assert section[0]["repeat_location"] is True and section[0]["assignee"] == constable.display_name
    assert section[1]["location"] == "Milk Street"
    page = client_for(pcso).get(reverse("briefings:detail", args=[briefing.pk])).content.decode()
    assert repeat.reference in page and "Repeat location" in page


def test_no_open_incidents_says_so_not_that_the_feature_is_missing(north, pcso):
    briefing = briefing_generate(actor=None, neighbourhood=north, day=timezone.localdate())
    page = client_for(pcso).get(reverse("briefings:detail", args=[briefing.pk])).content.decode()
    assert briefing.sections["incidents"] == []
    assert "No open incidents in this neighbourhood" in page
