from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from audit.models import AuditEvent
from briefings.models import SECTION_KEYS, Briefing
from briefings.services.crime_sections import compare_with_baseline
from briefings.services.generate import briefing_generate, briefing_period
from briefings.tasks import generate_briefing, generate_daily_briefings
from crimes.choices import CrimeCategory, CrimeSource
from tests.factories import BriefingFactory, CrimeFactory

DAY = date(2025, 11, 24)  # a Monday, outside daylight saving time


def crime_at(neighbourhood, when, **fields):
    return CrimeFactory(neighbourhood=neighbourhood, occurred_at=when, recorded_at=when, **fields)


@pytest.fixture
def window():
    return briefing_period(DAY)


def test_period_is_the_24_hours_before_the_scheduled_build_time():
    since, until = briefing_period(DAY)
    assert (until.hour, until.minute) == (5, 30)
    assert until - since == timedelta(hours=24)


def test_every_api_section_is_present_even_when_empty(north):
    sections = briefing_generate(actor=None, neighbourhood=north, day=DAY).sections
    assert set(SECTION_KEYS) <= set(sections)
    assert sections["incidents"] == [] and sections["missing_persons"] == []
    assert sections["recent_crime"]["total"] == 0
    assert sections["monthly_context"]["month"] is None


def test_recent_crime_counts_only_this_neighbourhood_inside_the_window(north, south, window):
    since, until = window
    crime_at(north, since + timedelta(minutes=1), category=CrimeCategory.BURGLARY)
    crime_at(north, until - timedelta(minutes=1), category=CrimeCategory.ROBBERY)
    crime_at(north, until - timedelta(minutes=2), category=CrimeCategory.ROBBERY)
    crime_at(north, until)  # the end is exclusive
    crime_at(north, since - timedelta(minutes=1))
    crime_at(south, until - timedelta(minutes=5))
    recent = briefing_generate(actor=None, neighbourhood=north, day=DAY).sections["recent_crime"]
    assert recent["total"] == 3
    assert recent["by_category"] == {"robbery": 2, "burglary": 1}


def test_public_monthly_rows_never_count_as_recent_crime(north, window):
    CrimeFactory(neighbourhood=north, source=CrimeSource.POLICE_UK, occurred_at=None, recorded_at=None)
    assert briefing_generate(actor=None, neighbourhood=north, day=DAY).sections["recent_crime"]["total"] == 0


def test_baseline_uses_the_same_window_in_each_previous_week_and_flags_a_marked_rise(north, window):
    _since, until = window
    for weeks_back, count in [(1, 2), (2, 1), (3, 2), (4, 3)]:
        for n in range(count):
            crime_at(north, until - timedelta(weeks=weeks_back, hours=1 + n))
    for n in range(9):
        crime_at(north, until - timedelta(hours=1 + n))
    recent = briefing_generate(actor=None, neighbourhood=north, day=DAY).sections["recent_crime"]
    assert recent["baseline"]["counts"] == [2, 1, 2, 3]
    assert recent["baseline"]["mean"] == 2.0
    assert recent["baseline"]["status"] == "above"


@pytest.mark.parametrize(
    ("current", "previous", "status"),
    [
        (10, [10, 9, 11, 10], "usual"),
        (25, [10, 9, 11, 10], "above"),
        (2, [10, 9, 11, 10], "below"),
        (3, [0, 0, 0, 0], "above"),
    ],
)
def test_baseline_comparison_is_poisson_two_sigma(current, previous, status):
    assert compare_with_baseline(current, previous)["status"] == status


def test_repeat_location_is_a_hotspot_only_from_the_minimum_count(north, window, settings):
    _, until = window
    settings.BRIEFING_HOTSPOT_MIN_CRIMES = 3
    for n in range(3):
        crime_at(
            north, until - timedelta(days=n + 1), location="On or near Cheapside", latitude=51.5141, longitude=-0.0937
        )
    for n in range(2):
        crime_at(
            north, until - timedelta(days=n + 1), location="On or near Wood Street", latitude=51.5160, longitude=-0.0940
        )
    hotspots = briefing_generate(actor=None, neighbourhood=north, day=DAY).sections["hotspots"]
    repeat = [h for h in hotspots if h["kind"] == "repeat_location"]
    assert [(h["location"], h["count"]) for h in repeat] == [("On or near Cheapside", 3)]


def test_nearby_points_add_up_to_a_cluster(north, window, settings):
    _, until = window
    settings.BRIEFING_HOTSPOT_MIN_CRIMES = 3
    for n, (lat, lon) in enumerate([(51.51300, -0.09000), (51.51310, -0.09010), (51.51320, -0.09020)]):
        crime_at(north, until - timedelta(hours=n + 2), location=f"On or near Lane {n}", latitude=lat, longitude=lon)
    clusters = [
        h
        for h in briefing_generate(actor=None, neighbourhood=north, day=DAY).sections["hotspots"]
        if h["kind"] == "cluster"
    ]
    assert len(clusters) == 1
    assert clusters[0]["count"] == 3
    assert clusters[0]["location"].startswith("Around Lane")


def test_monthly_context_is_the_latest_public_month_on_or_before_the_date(north):
    public = {"neighbourhood": north, "source": CrimeSource.POLICE_UK, "occurred_at": None, "recorded_at": None}
    CrimeFactory(month=date(2025, 9, 1), category=CrimeCategory.DRUGS, **public)
    CrimeFactory(month=date(2025, 10, 1), category=CrimeCategory.DRUGS, **public)
    CrimeFactory(month=date(2025, 10, 1), category=CrimeCategory.ROBBERY, **public)
    CrimeFactory(month=date(2025, 12, 1), category=CrimeCategory.ROBBERY, **public)  # after the briefing date
    monthly = briefing_generate(actor=None, neighbourhood=north, day=date(2025, 11, 24)).sections["monthly_context"]
    assert monthly["month"] == "2025-10"
    assert monthly["by_category"] == {"drugs": 1, "robbery": 1}
    assert monthly["trend"][-2:] == [{"month": "2025-09", "total": 1}, {"month": "2025-10", "total": 2}]


def test_generating_twice_keeps_one_briefing_per_neighbourhood_and_date(north):
    first = briefing_generate(actor=None, neighbourhood=north, day=DAY)
    second = briefing_generate(actor=None, neighbourhood=north, day=DAY)
    assert first.pk == second.pk
    assert Briefing.objects.count() == 1
    assert AuditEvent.objects.filter(action="briefing.generate", category="combination").count() == 2


def test_database_refuses_a_second_briefing_for_the_same_day(north):
    BriefingFactory(neighbourhood=north, date=DAY)
    with pytest.raises(IntegrityError):
        BriefingFactory(neighbourhood=north, date=DAY)


def test_daily_task_builds_one_per_neighbourhood_and_is_idempotent(north, south):
    assert generate_daily_briefings.delay(DAY.isoformat()).get() == 2
    generate_daily_briefings.delay(DAY.isoformat())
    assert sorted(Briefing.objects.values_list("neighbourhood__code", "date")) == [("north", DAY), ("south", DAY)]
    assert set(AuditEvent.objects.filter(action="briefing.generate").values_list("source", flat=True)) == {"task"}


def test_tasks_are_reliable_by_configuration():
    for task in (generate_briefing, generate_daily_briefings):
        assert task.acks_late is True
        assert task.reject_on_worker_lost is True
        assert 0 < task.max_retries <= 5
        assert task.time_limit


def test_task_for_a_deleted_neighbourhood_does_nothing(db):
    assert generate_briefing.delay(987654, DAY.isoformat()).get() is None


def test_generate_briefings_command_for_one_neighbourhood_and_date(north, south, capsys):
    call_command("generate_briefings", "--date", "2025-11-24", "--neighbourhood", "south")
    assert list(Briefing.objects.values_list("neighbourhood__code", "date")) == [("south", DAY)]
    assert "1 briefing(s) for 2025-11-24" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"), [(["--date", "24/11/2025"], "YYYY-MM-DD"), (["--neighbourhood", "nowhere"], "nowhere")]
)
def test_generate_briefings_command_rejects_bad_input(north, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("generate_briefings", *args)
    assert Briefing.objects.count() == 0
