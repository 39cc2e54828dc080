"""Benchmark (b): daily briefings with >= 1,000,000 dated crimes, then ten times more elsewhere.

    .venv/bin/python bench/briefing_bench.py [--neighbourhoods 100] [--per-neighbourhood 10000]
        [--growth-factor 10] [--repeats 15] [--keep]

1. Fresh database pcso_bench_briefing_<pid>: migrate, one neighbourhood per MSOA of the
   real data (as in the import benchmark), import the real street/ files (the
   monthly context of the briefing), then bench/generate_crimes.py puts
   --per-neighbourhood dated crimes (last 60 days) into each of the --neighbourhoods
   busiest neighbourhoods. VACUUM ANALYZE.
2. For five of them (busiest, quartiles, quietest of the chosen ones): the median
   of --repeats timings of briefings.services.build_sections (warm: after two
   untimed runs), the median of three briefing_generate (build + save + audit), the
   number of queries of each, and the number of queries and time of rendering the
   briefing page (Django test Client, logged-in PCSO of that neighbourhood).
3. Growth: --growth-factor times as many crimes again, spread over all the OTHER
   neighbourhoods (never the timed ones), VACUUM ANALYZE, and step 2 again.
4. EXPLAIN (ANALYZE, BUFFERS) of the slowest query of the slowest briefing, after growth.

Writes bench/results/briefing.json and prints a summary. Drops the database at the
end unless --keep.
"""

import argparse
import io
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # path set up above
    ROOT,
    STREET,
    drop_database,
    fresh_database,
    machine,
    median,
    migrate,
    run_database,
    setup_django,
    shared_data_or_exit,
    stopwatch,
    write_neighbourhood_csv,
    write_result,
)

DB = run_database("briefing")
TARGET_MS = 200
TARGET_GROWTH_RATIO = 1.2


def sql(statement: str, params=None):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else None


def vacuum_analyze() -> float:
    with stopwatch() as elapsed:
        sql("VACUUM (ANALYZE) crimes_crime")
    return round(elapsed(), 1)


def crime_table_size() -> dict:
    rows, total, heap = sql(
        "SELECT reltuples::bigint, pg_total_relation_size('crimes_crime'), pg_relation_size('crimes_crime') "
        "FROM pg_class WHERE relname = 'crimes_crime'"
    )[0]
    return {"rows_estimate": rows, "total_bytes": total, "heap_bytes": heap}


def dated_crimes() -> int:
    return sql("SELECT count(*) FROM crimes_crime WHERE occurred_at IS NOT NULL")[0][0]


def time_neighbourhood(neighbourhood, reader, repeats: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from briefings.services.generate import briefing_generate, build_sections

    day = timezone.localdate()
    for _ in range(2):  # warm the cache and the connection
        build_sections(neighbourhood=neighbourhood, day=day)
    timings = []
    for _ in range(repeats):
        with stopwatch() as elapsed:
            sections = build_sections(neighbourhood=neighbourhood, day=day)
        timings.append(elapsed() * 1000)
    with CaptureQueriesContext(connection) as build_queries:
        build_sections(neighbourhood=neighbourhood, day=day)
    # Copy now: a request outside a capture context clears the connection's query log.
    build_queries = list(build_queries.captured_queries)
    generate_timings = []
    for _ in range(3):
        with stopwatch() as elapsed:
            briefing = briefing_generate(actor=None, neighbourhood=neighbourhood, day=day)
        generate_timings.append(elapsed() * 1000)
    client = Client()
    client.force_login(reader)
    url = reverse("briefings:detail", args=[briefing.pk])
    client.get(url)  # warm
    page_timings = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as page_queries, stopwatch() as elapsed:
            response = client.get(url)
        page_timings.append(elapsed() * 1000)
    slowest = max(build_queries, key=lambda q: float(q["time"]))
    return {
        "code": neighbourhood.code,
        "dated_crimes": neighbourhood.crimes.exclude(occurred_at=None).count(),
        "last_24h": sections["recent_crime"]["total"],
        "build_sections_ms": [round(t, 1) for t in timings],
        "build_sections_median_ms": round(median(timings), 1),
        "build_sections_min_ms": round(min(timings), 1),
        "build_sections_queries": len(build_queries),
        "briefing_generate_median_ms": round(median(generate_timings), 1),
        "page_status": response.status_code,
        "page_queries": len(page_queries.captured_queries),
        "page_median_ms": round(median(page_timings), 1),
        "slowest_query_ms": round(float(slowest["time"]) * 1000, 1),
        "slowest_query": slowest["sql"],
    }


def time_all(targets, readers, repeats: int, label: str) -> list[dict]:
    results = []
    for neighbourhood in targets:
        result = time_neighbourhood(neighbourhood, readers[neighbourhood.pk], repeats)
        results.append(result)
        print(
            f"  {label:6} {result['code']:28} {result['dated_crimes']:>7,} dated  "
            f"build_sections {result['build_sections_median_ms']:6.1f} ms ({result['build_sections_queries']} q)  "
            f"generate {result['briefing_generate_median_ms']:6.1f} ms  "
            f"page {result['page_status']} {result['page_median_ms']:6.1f} ms ({result['page_queries']} q)"
        )
    return results


def explain(statement: str) -> str:
    rows = sql("EXPLAIN (ANALYZE, BUFFERS) " + statement)
    return "\n".join(row[0] for row in rows)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--neighbourhoods", type=int, default=100)
    parser.add_argument("--per-neighbourhood", type=int, default=10_000)
    parser.add_argument("--growth-factor", type=float, default=10)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)
    shared_data_or_exit("briefing benchmark")
    try:
        return run(args)
    finally:
        from django.db import connections

        if "default" in connections.settings:
            connections.close_all()
        if args.keep:
            print(f"Kept database {DB}")
        else:
            drop_database(DB)  # gigabytes


def run(args) -> dict:
    setup_django(fresh_database(DB))
    result = {"machine": machine(), "parameters": vars(args), "load_average_start": os.getloadavg()}
    print(
        f"Briefing benchmark: {args.neighbourhoods} x {args.per_neighbourhood:,} dated crimes, "
        f"then x{args.growth_factor} elsewhere"
    )
    chosen, others, by_lsoa = load_real_neighbourhoods(args.neighbourhoods)
    targets, readers = readers_for(chosen)
    result["base"] = generate_step(dict.fromkeys(chosen, args.per_neighbourhood), by_lsoa, seed=1, prefix="GEN")
    print(
        f"  generated {result['base']['generated']:,} crimes in {result['base']['generate_s']:.0f}s; "
        f"crime table {result['base']['size']['total_bytes'] / 1e9:.2f} GB"
    )
    before = time_all(targets, readers, args.repeats, "before")
    # Growth: factor x as many crimes again, in the other neighbourhoods only.
    counts = growth_counts(result, args.growth_factor, others)
    result["growth"] = generate_step(counts, by_lsoa, seed=2, prefix="GROW", progress=growth_progress)
    result["growth"]["other_neighbourhoods"] = len(others)
    print(
        f"  generated {result['growth']['generated']:,} more crimes in {result['growth']['generate_s']:.0f}s "
        "(other neighbourhoods only)"
    )
    after = time_all(targets, readers, args.repeats, "after")
    summarise(result, before, after)
    write_result("briefing", result)
    print(
        f"Briefing (build_sections) worst {result['worst_ms']} ms (target < {TARGET_MS}); after x{args.growth_factor} "
        f"elsewhere: worst ratio {result['worst_ratio']}, median {result['median_ratio']} (target <= "
        f"{TARGET_GROWTH_RATIO}); page queries equal before/after: {result['page_queries_equal']}"
    )
    return result


def load_real_neighbourhoods(how_many: int):
    """The real data's neighbourhoods and crimes; the busiest `how_many` carry the dated crimes."""
    from django.core.management import call_command
    from django.db.models import Count, Q

    from bench.generate_crimes import real_rows_by_lsoa
    from community.models.neighbourhoods import Neighbourhood

    migrate()
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "neighbourhoods.csv"
        write_neighbourhood_csv(csv_path)
        call_command("load_neighbourhoods", str(csv_path), stdout=io.StringIO())
    call_command("import_police_uk", str(STREET), stdout=io.StringIO(), stderr=io.StringIO())
    ranked = list(
        Neighbourhood.objects.annotate(n=Count("crimes", filter=Q(crimes__source="police_uk")))
        .order_by("-n", "code")
        .values_list("id", flat=True)
    )
    return ranked[:how_many], ranked[how_many:], real_rows_by_lsoa()


def readers_for(chosen: list[int]):
    """Five neighbourhoods spread over the chosen ones, each with a PCSO to read its briefing."""
    from accounts.choices import Role
    from accounts.models import User
    from community.choices import AssignmentKind
    from community.models.neighbourhoods import Assignment, Neighbourhood

    picks = sorted({0, len(chosen) // 4, len(chosen) // 2, 3 * len(chosen) // 4, len(chosen) - 1})
    targets = [Neighbourhood.objects.get(pk=chosen[i]) for i in picks]
    readers = {}
    for n in targets:
        reader = User.objects.create_user(username=f"pcso-{n.pk}", password="bench-only", role=Role.PCSO)
        Assignment.objects.create(user=reader, neighbourhood=n, kind=AssignmentKind.MEMBER)
        readers[n.pk] = reader
    return targets, readers


def generate_step(counts: dict, by_lsoa, *, seed: int, prefix: str, progress=None) -> dict:
    from bench.generate_crimes import generate

    with stopwatch() as elapsed:
        rows = generate(counts=counts, by_lsoa=by_lsoa, seed=seed, prefix=prefix, progress=progress)
    seconds = elapsed()
    return {
        "generated": rows,
        "generate_s": round(seconds, 1),
        "rows_per_s": round(rows / seconds),
        "vacuum_analyze_s": vacuum_analyze(),
        "dated_crimes": dated_crimes(),
        "size": crime_table_size(),
    }


def growth_counts(result: dict, factor: float, others: list[int]) -> dict:
    """factor x the base crimes again, spread over the other neighbourhoods, if the disk has room."""
    growth_rows = int(factor * result["base"]["generated"])
    free = shutil.disk_usage(ROOT).free
    needed = result["base"]["size"]["total_bytes"] * factor * 1.3
    result["growth_disk_check"] = {"free_bytes": free, "estimated_bytes": int(needed)}
    if needed > free * 0.8:
        raise SystemExit(f"not enough disk for the growth step: need ~{needed / 1e9:.0f} GB, {free / 1e9:.0f} GB free")
    per_other, extra = divmod(growth_rows, len(others))
    return {pk: per_other + (i < extra) for i, pk in enumerate(others)}


def growth_progress(number, total, written):
    if number % 50 == 0 or number == total:
        print(f"    growth: {number}/{total} neighbourhoods, {written:,} crimes", flush=True)


def compared(b: dict, a: dict) -> dict:
    """One neighbourhood before and after the growth."""
    return {
        "code": b["code"],
        "dated_crimes": b["dated_crimes"],
        "before_ms": b["build_sections_median_ms"],
        "after_ms": a["build_sections_median_ms"],
        "ratio": round(a["build_sections_median_ms"] / b["build_sections_median_ms"], 2),
        "before_min_ms": b["build_sections_min_ms"],
        "after_min_ms": a["build_sections_min_ms"],
        "min_ratio": round(a["build_sections_min_ms"] / b["build_sections_min_ms"], 2),
        "generate_before_ms": b["briefing_generate_median_ms"],
        "generate_after_ms": a["briefing_generate_median_ms"],
        "page_queries_before": b["page_queries"],
        "page_queries_after": a["page_queries"],
        "page_before_ms": b["page_median_ms"],
        "page_after_ms": a["page_median_ms"],
    }


def summarise(result: dict, before: list[dict], after: list[dict]) -> None:
    rows = [compared(b, a) for b, a in zip(before, after, strict=True)]
    slowest = max(after, key=lambda r: r["build_sections_median_ms"])
    result.update(
        before=before,
        after=after,
        summary=rows,
        worst_ms=max(max(r["before_ms"], r["after_ms"]) for r in rows),
        worst_ratio=max(r["ratio"] for r in rows),
        median_ratio=median([r["ratio"] for r in rows]),
        page_queries_equal=all(r["page_queries_before"] == r["page_queries_after"] for r in rows),
        build_queries_equal=all(
            b["build_sections_queries"] == a["build_sections_queries"] for b, a in zip(before, after, strict=True)
        ),
        explain={
            "neighbourhood": slowest["code"],
            "sql": slowest["slowest_query"],
            "plan": explain(slowest["slowest_query"]),
        },
    )
    result["load_average_end"] = os.getloadavg()
    result["meets_time_target"] = result["worst_ms"] < TARGET_MS
    result["meets_growth_target"] = result["worst_ratio"] <= TARGET_GROWTH_RATIO


if __name__ == "__main__":
    main()
