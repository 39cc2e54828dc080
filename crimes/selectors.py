import math
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

from django.db.models import Count, Max, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from crimes.choices import CrimeSource
from crimes.models import Crime

# About 110 m north-south (70 m east-west) at UK latitudes; clusters are 3x3 blocks.
CLUSTER_CELL_DEGREES = 0.001


def crime_list(*, actor):
    """The crimes `actor` may see, with what a list row shows, newest first."""
    queryset = Crime.objects.visible_to(actor).select_related("neighbourhood")
    return queryset.order_by("-month", "-occurred_at", "-id")


def crime_window_counts(*, neighbourhood, until: datetime, length: timedelta, weeks: int) -> dict:
    """Dated crimes in [until - length, until) and in the same window 1..weeks weeks earlier.

    One query with conditional counts. Returns {"current": n, "by_category": {...},
    "previous": [n_week1, ...]}.
    """
    windows = {f"w{k}": (until - length - timedelta(weeks=k), until - timedelta(weeks=k)) for k in range(weeks + 1)}
    earliest = windows[f"w{weeks}"][0]
    scope = Crime.objects.in_neighbourhood(neighbourhood).occurred_between(earliest, until)
    counts = scope.aggregate(
        **{
            name: Count("id", filter=Q(occurred_at__gte=start, occurred_at__lt=end))
            for name, (start, end) in windows.items()
        }
    )
    current_start = windows["w0"][0]
    by_category = dict(
        scope.filter(occurred_at__gte=current_start).values_list("category").annotate(n=Count("id")).order_by()
    )
    return {
        "current": counts["w0"],
        "by_category": dict(sorted(by_category.items(), key=lambda item: (-item[1], item[0]))),
        "previous": [counts[f"w{k}"] for k in range(1, weeks + 1)],
    }


def daily_crime_counts(*, neighbourhood, since: datetime, until: datetime) -> dict[date, int]:
    """Dated crimes per local calendar day."""
    rows = (
        Crime.objects.in_neighbourhood(neighbourhood)
        .occurred_between(since, until)
        .annotate(day=TruncDate("occurred_at", tzinfo=timezone.get_current_timezone()))
        .values_list("day")
        .annotate(n=Count("id"))
        .order_by()
    )
    return dict(rows)


def crime_points(*, neighbourhood, since: datetime, until: datetime, limit: int) -> list[dict]:
    """The most recent located crimes in the window, for the map."""
    return list(
        Crime.objects.in_neighbourhood(neighbourhood)
        .occurred_between(since, until)
        .exclude(latitude=None)
        .order_by("-occurred_at", "-id")
        .values("reference", "occurred_at", "category", "location", "latitude", "longitude", "is_demo")[:limit]
    )


def repeat_locations(*, neighbourhood, since: datetime, until: datetime, min_crimes: int) -> list[dict]:
    """Snap points with at least `min_crimes` dated crimes in the window."""
    rows = (
        Crime.objects.in_neighbourhood(neighbourhood)
        .occurred_between(since, until)
        .exclude(latitude=None)
        .values("location", "latitude", "longitude")
        .annotate(count=Count("id"), last=Max("occurred_at"))
        .filter(count__gte=min_crimes)
        .order_by("-count", "location")
    )
    return list(rows)


def crime_clusters(
    *, neighbourhood, since: datetime, until: datetime, min_crimes: int, limit: int = 5000
) -> list[dict]:
    """Small areas where several nearby snap points add up to a cluster.

    Points fall into a grid of ~100 m cells; a cluster is a 3x3 block of cells
    (~300 m across), taken greedily from the densest block, so a group of points
    is not split by a cell edge. Only blocks spanning two or more distinct points
    count: a single busy point is already a repeat location.
    """
    points = (
        Crime.objects.in_neighbourhood(neighbourhood)
        .occurred_between(since, until)
        .exclude(latitude=None)
        .values_list("latitude", "longitude", "location", "category")[:limit]
    )
    cells: dict[tuple[int, int], list] = defaultdict(list)
    for point in points:
        cells[(math.floor(point[0] / CLUSTER_CELL_DEGREES), math.floor(point[1] / CLUSTER_CELL_DEGREES))].append(point)

    def block(cell):
        return [
            (cell[0] + di, cell[1] + dj)
            for di in (-1, 0, 1)
            for dj in (-1, 0, 1)
            if (cell[0] + di, cell[1] + dj) in cells
        ]

    used: set[tuple[int, int]] = set()
    clusters = []
    for cell in sorted(cells, key=lambda c: (-sum(len(cells[b]) for b in block(c)), c)):
        members_cells = [b for b in block(cell) if b not in used]
        members = [point for b in members_cells for point in cells[b]]
        if cell in used or len(members) < min_crimes or len({(lat, lon) for lat, lon, _, _ in members}) < 2:
            continue
        used.update(members_cells)
        clusters.append(cluster_summary(members))
    return sorted(clusters, key=lambda c: (-c["count"], c["latitude"], c["longitude"]))


def cluster_summary(members: list[tuple]) -> dict:
    return {
        "count": len(members),
        "latitude": round(sum(m[0] for m in members) / len(members), 6),
        "longitude": round(sum(m[1] for m in members) / len(members), 6),
        "locations": [name for name, _ in Counter(m[2] for m in members).most_common(3)],
        "categories": dict(Counter(m[3] for m in members).most_common()),
    }


def category_counts_at(*, neighbourhood, since: datetime, until: datetime, latitude: float, longitude: float) -> dict:
    rows = (
        Crime.objects.in_neighbourhood(neighbourhood)
        .occurred_between(since, until)
        .filter(latitude=latitude, longitude=longitude)
        .values_list("category")
        .annotate(n=Count("id"))
        .order_by("-n", "category")
    )
    return dict(rows)


def latest_public_month(*, neighbourhood, on_or_before: date) -> date | None:
    return (
        Crime.objects.in_neighbourhood(neighbourhood)
        .filter(source=CrimeSource.POLICE_UK, month__lte=on_or_before)
        .aggregate(latest=Max("month"))["latest"]
    )


def public_month_counts(*, neighbourhood, first: date, last: date) -> dict[date, int]:
    rows = (
        Crime.objects.in_neighbourhood(neighbourhood)
        .filter(source=CrimeSource.POLICE_UK, month__gte=first, month__lte=last)
        .values_list("month")
        .annotate(n=Count("id"))
        .order_by()
    )
    return dict(rows)


def public_month_by_category(*, neighbourhood, month: date) -> dict[str, int]:
    rows = (
        Crime.objects.in_neighbourhood(neighbourhood)
        .filter(source=CrimeSource.POLICE_UK, month=month)
        .values_list("category")
        .annotate(n=Count("id"))
        .order_by("-n", "category")
    )
    return dict(rows)


def crimes_recorded_since(*, neighbourhood, since: datetime, limit: int = 50) -> tuple[int, list[Crime]]:
    """Dated crimes recorded after `since` (for "new since you read it")."""
    scope = Crime.objects.in_neighbourhood(neighbourhood).filter(source=CrimeSource.FORCE, recorded_at__gt=since)
    return scope.count(), list(scope.order_by("-recorded_at", "-id")[:limit])


def neighbourhood_has_demo_data(*, neighbourhood) -> bool:
    return Crime.objects.in_neighbourhood(neighbourhood).filter(is_demo=True).exists()
