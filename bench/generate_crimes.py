"""A documented generator of dated force crimes, for benchmarks (bench/briefing_bench.py).

    .venv/bin/python bench/generate_crimes.py --database-url postgres://.../pcso_bench_x \\
        --per-neighbourhood 10000 [--neighbourhood CODE ...] [--days 60] [--seed 1] [--prefix GEN]

What a generated crime looks like, and why:

* Where: each crime copies a real data.police.uk row (City of London and
  Bedfordshire, ../shared/data/police_uk/street/) from one of the neighbourhood's
  own LSOAs, so places are real snap points ("On or near ...") and the mix of
  places follows the real data. Half the crimes keep the exact snap point (as the
  public data does, which makes repeat locations); the other half are jittered by
  about 50 m (normal, sigma 0.0004 deg lat / 0.0006 deg lon), as precise force
  locations would be.
* What: the category of that same real row, so categories are weighted like the
  real data of that place (violence and sexual offences ~31%, ASB ~14%, shoplifting
  ~10%, ...).
* When: a uniformly chosen local day among the last --days (default 60) days, an
  hour of day drawn from HOUR_WEIGHTS (quiet 03:00-06:00, peaks in the afternoon
  and evening), a uniform minute and second; never in the future. recorded_at is
  occurred_at plus an exponential delay (mean 6 hours), capped at now.
* Identity: source "force", row_key = reference = PREFIX-<neighbourhood id>-<n>, so
  runs with different prefixes add crimes and a rerun with the same prefix would
  collide (the unique constraint refuses it).

Rows go in with one text-format COPY per neighbourhood, sorted by occurred_at (as a
live feed would append them), straight into crimes_crime with all its indexes
and constraints in place. Needs PostgreSQL.
"""

import argparse
import csv
import sys
from collections import defaultdict
from datetime import datetime, time, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import STREET, setup_django, stopwatch, street_files  # path set up above

# Share of crimes per local hour of day (00..23), roughly the shape of UK recorded crime.
HOUR_WEIGHTS = np.array(
    [3.5, 3.0, 2.6, 2.0, 1.5, 1.3, 1.6, 2.4, 3.6, 4.2, 4.6, 4.9,
     5.3, 5.4, 5.5, 5.8, 6.2, 6.3, 6.0, 5.6, 5.0, 4.5, 4.1, 3.9]
)  # fmt: skip
HOUR_WEIGHTS = HOUR_WEIGHTS / HOUR_WEIGHTS.sum()
JITTER_SHARE = 0.5
JITTER_DEGREES = (0.0004, 0.0006)  # lat, lon: about 45 m and 40 m at 52 deg N
RECORDING_DELAY_HOURS = 6.0


def copy_text(value: str) -> str:
    """Escape a value for COPY's text format."""
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def real_rows_by_lsoa(folder: Path = STREET) -> dict[str, list[tuple]]:
    """LSOA code -> [(lsoa_name, latitude, longitude, location, category, force)] from the real data."""
    from crimes.choices import CrimeCategory

    rows = defaultdict(list)
    for path in street_files(folder):
        with open(path, newline="", encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                category = CrimeCategory.from_text(row["Crime type"])
                if row["LSOA code"] and row["Latitude"] and category:
                    rows[row["LSOA code"]].append(
                        (
                            copy_text(row["LSOA name"]),
                            float(row["Latitude"]),
                            float(row["Longitude"]),
                            copy_text(row["Location"]),
                            str(category),
                            copy_text(row["Falls within"]),
                        )
                    )
    return rows


def pools_for(neighbourhood_ids: list[int], by_lsoa: dict[str, list[tuple]]) -> dict[int, list[tuple]]:
    """Neighbourhood id -> the real rows of its LSOAs (with the LSOA code in front)."""
    from community.models.neighbourhoods import NeighbourhoodLsoa

    pools = defaultdict(list)
    for neighbourhood_id, code in NeighbourhoodLsoa.objects.filter(neighbourhood_id__in=neighbourhood_ids).values_list(
        "neighbourhood_id", "lsoa_code"
    ):
        pools[neighbourhood_id] += [(code, *row) for row in by_lsoa.get(code, [])]
    return pools


def local_days(now: datetime, days: int) -> tuple[np.ndarray, list[str]]:
    """Epoch seconds of local midnight for each of the last `days` days, and each day's month."""
    from django.utils import timezone

    today = timezone.localtime(now).date()
    midnights, months = [], []
    for back in range(days - 1, -1, -1):
        day = today - timedelta(days=back)
        midnights.append(timezone.make_aware(datetime.combine(day, time())).timestamp())
        months.append(day.replace(day=1).isoformat())
    return np.array(midnights, dtype=np.int64), months


def neighbourhood_block(
    rng, pool: list[tuple], n: int, *, neighbourhood_id: int, midnights, months, now_epoch: int, prefix: str
) -> str:
    """COPY text for `n` crimes in one neighbourhood, oldest first."""
    pick = rng.integers(0, len(pool), n)
    day = rng.integers(0, len(midnights), n)
    occurred = midnights[day] + rng.choice(24, n, p=HOUR_WEIGHTS) * 3600 + rng.integers(0, 3600, n)
    future = occurred >= now_epoch  # later today: move to the same time yesterday
    day = np.where(future, day - 1, day)
    occurred = np.where(future, occurred - 86400, occurred)
    recorded = np.minimum(occurred + rng.exponential(RECORDING_DELAY_HOURS * 3600, n).astype(np.int64), now_epoch)
    jitter = rng.random(n) < JITTER_SHARE
    dlat = np.where(jitter, rng.normal(0, JITTER_DEGREES[0], n), 0.0)
    dlon = np.where(jitter, rng.normal(0, JITTER_DEGREES[1], n), 0.0)
    order = np.argsort(occurred, kind="stable")
    occurred_text = np.datetime_as_string(occurred.astype("datetime64[s]"), unit="s")
    recorded_text = np.datetime_as_string(recorded.astype("datetime64[s]"), unit="s")
    stamp = np.datetime_as_string(np.datetime64(now_epoch, "s"), unit="s")
    lines = []
    for k, i in enumerate(order.tolist()):
        lsoa, lsoa_name, lat, lon, location, category, force = pool[pick[i]]
        key = f"{prefix}-{neighbourhood_id}-{k:07d}"
        lines.append(
            f"force\t{key}\t{key}\t{months[day[i]]}\t{occurred_text[i]}+00\t{recorded_text[i]}+00\t{category}\t\t"
            f"{location}\t{lat + dlat[i]:.6f}\t{lon + dlon[i]:.6f}\t{lsoa}\t{lsoa_name}\t{force}\t"
            f"{neighbourhood_id}\tf\t{stamp}+00\t{stamp}+00\n"
        )
    return "".join(lines)


COLUMNS = (
    "source, row_key, reference, month, occurred_at, recorded_at, category, outcome, location, latitude, "
    "longitude, lsoa_code, lsoa_name, force, neighbourhood_id, is_demo, created_at, updated_at"
)


def generate(
    *,
    counts: dict[int, int],
    by_lsoa: dict[str, list[tuple]],
    days: int = 60,
    seed: int = 1,
    prefix: str = "GEN",
    progress=None,
) -> int:
    """Insert counts[neighbourhood_id] dated crimes for each neighbourhood. Returns rows written."""
    from django.db import connection, transaction
    from django.utils import timezone

    now = timezone.now()
    midnights, months = local_days(now, days)
    rng = np.random.default_rng(seed)
    pools = pools_for(list(counts), by_lsoa)
    written = 0
    for number, (neighbourhood_id, n) in enumerate(counts.items(), 1):
        pool = pools.get(neighbourhood_id)
        if not pool or n <= 0:
            continue
        block = neighbourhood_block(
            rng, pool, n, neighbourhood_id=neighbourhood_id, midnights=midnights, months=months,
            now_epoch=int(now.timestamp()), prefix=prefix,
        )  # fmt: skip
        with (
            transaction.atomic(),
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY crimes_crime ({COLUMNS}) FROM STDIN") as copy,
        ):
            copy.write(block)
        written += n
        if progress:
            progress(number, len(counts), written)
    return written


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Generate dated force crimes for benchmarks (see module docstring).")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--per-neighbourhood", type=int, required=True)
    parser.add_argument("--neighbourhood", action="append", help="code (repeatable); default: every neighbourhood")
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--prefix", default="GEN")
    args = parser.parse_args(argv)
    setup_django(args.database_url)
    from community.models.neighbourhoods import Neighbourhood

    scope = Neighbourhood.objects.all()
    if args.neighbourhood:
        scope = scope.filter(code__in=args.neighbourhood)
    counts = dict.fromkeys(scope.values_list("id", flat=True), args.per_neighbourhood)
    with stopwatch() as elapsed:
        rows = generate(counts=counts, by_lsoa=real_rows_by_lsoa(), days=args.days, seed=args.seed, prefix=args.prefix)
    print(f"Generated {rows:,} crimes in {len(counts)} neighbourhoods in {elapsed():.1f}s")


if __name__ == "__main__":
    main()
