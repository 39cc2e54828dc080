"""The briefing's crime sections: recent crime against its baseline, hotspots, the public month."""

import math
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone

from crimes.selectors import (
    category_counts_at,
    crime_clusters,
    crime_points,
    crime_window_counts,
    daily_crime_counts,
    latest_public_month,
    public_month_by_category,
    public_month_counts,
    repeat_locations,
)

MARKED_Z = 2.0  # "markedly" above or below: two standard deviations of a Poisson count


def compare_with_baseline(current: int, previous: list[int]) -> dict:
    """Compare a count with the same window in earlier weeks.

    Crime counts are roughly Poisson, so the spread expected around a mean m is
    sqrt(m); a count two such spreads away from the mean is flagged.
    """
    mean = sum(previous) / len(previous) if previous else 0.0
    z = (current - mean) / math.sqrt(max(mean, 1.0))
    status = "above" if z >= MARKED_Z else "below" if z <= -MARKED_Z else "usual"
    return {
        "counts": previous,
        "mean": round(mean, 2),
        "difference": round(current - mean, 2),
        "z": round(z, 2),
        "status": status,
    }


def recent_crime_section(*, neighbourhood, since: datetime, until: datetime) -> dict:
    weeks = settings.BRIEFING_BASELINE_WEEKS
    day = crime_window_counts(neighbourhood=neighbourhood, until=until, length=timedelta(hours=24), weeks=weeks)
    week = crime_window_counts(neighbourhood=neighbourhood, until=until, length=timedelta(days=7), weeks=weeks)
    trend_start = until - timedelta(days=28)
    daily = daily_crime_counts(neighbourhood=neighbourhood, since=trend_start, until=until)
    first_day = timezone.localtime(trend_start).date()
    points = crime_points(
        neighbourhood=neighbourhood,
        since=until - timedelta(days=7),
        until=until,
        limit=settings.BRIEFING_MAP_MAX_POINTS,
    )
    return {
        "since": since.isoformat(),
        "until": until.isoformat(),
        "total": day["current"],
        "by_category": day["by_category"],
        "baseline": {
            "method": f"the same 24 hours on the same weekday in each of the previous {weeks} weeks",
            **compare_with_baseline(day["current"], day["previous"]),
        },
        "last_7_days": {
            "since": (until - timedelta(days=7)).isoformat(),
            "total": week["current"],
            "by_category": week["by_category"],
            "baseline": {
                "method": f"the 7 days ending at the same time in each of the previous {weeks} weeks",
                **compare_with_baseline(week["current"], week["previous"]),
            },
        },
        "daily": [
            {"date": (first_day + timedelta(days=n)).isoformat(), "count": daily.get(first_day + timedelta(days=n), 0)}
            for n in range(29)
            if first_day + timedelta(days=n) <= timezone.localtime(until).date()
        ],
        "points": [{**point, "occurred_at": point["occurred_at"].isoformat()} for point in points],
    }


def hotspots_section(*, neighbourhood, until: datetime) -> list[dict]:
    since = until - timedelta(days=settings.BRIEFING_HOTSPOT_DAYS)
    minimum = settings.BRIEFING_HOTSPOT_MIN_CRIMES
    spots = [
        {
            "kind": "repeat_location",
            "location": row["location"],
            "latitude": row["latitude"],
            "longitude": row["longitude"],
            "count": row["count"],
            "last": row["last"].isoformat(),
            "categories": category_counts_at(
                neighbourhood=neighbourhood,
                since=since,
                until=until,
                latitude=row["latitude"],
                longitude=row["longitude"],
            ),
        }
        for row in repeat_locations(neighbourhood=neighbourhood, since=since, until=until, min_crimes=minimum)[:10]
    ]
    spots += [
        {"kind": "cluster", "location": cluster_label(cluster["locations"]), **cluster}
        for cluster in crime_clusters(neighbourhood=neighbourhood, since=since, until=until, min_crimes=minimum)[:5]
    ]
    for spot in spots:
        spot["window_days"] = settings.BRIEFING_HOTSPOT_DAYS
    return sorted(spots, key=lambda s: -s["count"])


def cluster_label(locations: list[str]) -> str:
    """ "Around Gracechurch Street, Lime Street and Bell Inn Yard" from data.police.uk snap names."""
    names = [name.removeprefix("On or near ").strip() for name in locations]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"Around {listed}"


def month_start(day: date, months_back: int) -> date:
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def monthly_context_section(*, neighbourhood, day: date) -> dict:
    latest = latest_public_month(neighbourhood=neighbourhood, on_or_before=day)
    if latest is None:
        return {"month": None, "total": 0, "by_category": {}, "trend": []}
    by_category = public_month_by_category(neighbourhood=neighbourhood, month=latest)
    first = month_start(latest, 11)
    totals = public_month_counts(neighbourhood=neighbourhood, first=first, last=latest)
    return {
        "month": latest.strftime("%Y-%m"),
        "total": sum(by_category.values()),
        "by_category": by_category,
        "trend": [
            {"month": month_start(latest, back).strftime("%Y-%m"), "total": totals.get(month_start(latest, back), 0)}
            for back in range(11, -1, -1)
        ],
        "attribution": "Contains public sector information licensed under the Open Government Licence v3.0.",
    }
