"""Benchmark (a): import ../shared/data/police_uk/street/ into PostgreSQL, against COPY.

    .venv/bin/python bench/import_bench.py [--repeats 3] [--no-compare]

In one run, on a fresh database (pcso_bench_import_<pid>, dropped at the end; migrated, neighbourhoods loaded
from a CSV made from the data: one neighbourhood per MSOA):

* the whole `import_police_uk street/` command (find files, parse, hash, locate,
  write, one audit row per file), median of --repeats runs, each into an empty
  crime table (the database is re-created from a template each time);
* PostgreSQL's own COPY of the same raw rows (every CSV, headers dropped) into a
  bare table of 12 text columns, median of the same number of runs;
* a second import of the same files (nothing changes) and the import of
  street_alt_vintage/ (a later download of three months: outcome updates only);
* unless --no-compare: the same three imports through the generic Django path
  (bulk_create/bulk_update, used on SQLite) into another copy, and a check that both
  paths leave identical crime rows and report identical counts.

Writes bench/results/import.json and prints a summary.
"""

import argparse
import io
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # path set up above
    ALT_VINTAGE,
    STREET,
    database_url,
    drop_database,
    fresh_database,
    machine,
    median,
    migrate,
    run_database,
    setup_django,
    shared_data_or_exit,
    stopwatch,
    street_files,
    write_neighbourhood_csv,
    write_result,
)

DB = run_database("import")
TEMPLATE = run_database("import_template")
SUMMARY_RE = re.compile(
    r"(?P<files>[\d,]+) file\(s\), (?P<rows>[\d,]+) rows: (?P<created>[\d,]+) created, "
    r"(?P<updated>[\d,]+) updated, (?P<unchanged>[\d,]+) unchanged, (?P<bad>[\d,]+) bad rows skipped, "
    r"(?P<unassigned>[\d,]+) outside"
)
CHECKSUM_SQL = """
    SELECT count(*), md5(string_agg(concat_ws('|', source, row_key, reference, month, occurred_at, recorded_at,
        category, outcome, location, latitude, longitude, lsoa_code, lsoa_name, force, neighbourhood_id, is_demo),
        ',' ORDER BY source, row_key))
    FROM crimes_crime
"""


def run_command(*paths: Path) -> tuple[float, dict]:
    """Time `manage.py import_police_uk PATHS` in-process; returns (seconds, counts)."""
    from django.core.management import call_command

    out, err = io.StringIO(), io.StringIO()
    with stopwatch() as elapsed:
        call_command("import_police_uk", *map(str, paths), stdout=out, stderr=err)
    match = SUMMARY_RE.search(out.getvalue())
    if not match:
        raise RuntimeError(f"no summary line in {out.getvalue()!r}")
    return elapsed(), {name: int(value.replace(",", "")) for name, value in match.groupdict().items()}


def reconnect_to_fresh_copy() -> None:
    """Re-create pcso_bench_import from the migrated template (neighbourhoods, no crimes)."""
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB}" TEMPLATE "{TEMPLATE}"')


def time_copy_baseline(files: list[Path]) -> tuple[float, int]:
    """COPY every raw data row (headers dropped) into a bare 12-text-column table."""
    from django.db import connection

    with connection.cursor() as cursor:
        raw = cursor.cursor
        columns = ", ".join(f"c{n} text" for n in range(12))
        raw.execute(f"DROP TABLE IF EXISTS copy_baseline; CREATE TABLE copy_baseline ({columns})")
    with stopwatch() as elapsed, connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy("COPY copy_baseline FROM STDIN (FORMAT csv)") as copy:
            for path in files:
                data = path.read_bytes()
                copy.write(data[data.index(b"\n") + 1 :])  # drop the header line
    seconds = elapsed()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM copy_baseline")
        rows = cursor.fetchone()[0]
        cursor.execute("DROP TABLE copy_baseline")
    return seconds, rows


def state() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(CHECKSUM_SQL)
        rows, checksum = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM audit_auditevent WHERE action = 'crime.import_police_uk'")
        audit_rows = cursor.fetchone()[0]
    return {"crimes": rows, "checksum": checksum, "audit_rows": audit_rows}


REAL_INSERT = {}  # the real store.crimes_insert, kept while "generic" replaces it


def generic_insert(rows, *, now, using="default"):
    from crimes.models import Crime

    Crime.objects.bulk_create((Crime(**row) for row in rows), batch_size=2000)


def import_cycle(label: str) -> dict:
    """Fresh copy; import street/, again (no-op), then the alternative vintage."""
    from django.db import connection
    from django.utils import timezone

    from crimes.importers import store

    # "generic" forces the bulk_create insert that SQLite uses instead of COPY.
    real = REAL_INSERT.setdefault("copy", store.crimes_insert)
    store.crimes_insert = generic_insert if label == "generic" else real
    reconnect_to_fresh_copy()
    first_s, first = run_command(STREET)
    again_s, again = run_command(STREET)
    before_alt = timezone.now()
    alt_s, alt = run_command(ALT_VINTAGE)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM crimes_crime WHERE updated_at >= %s", [before_alt])
        rewritten = cursor.fetchone()[0]
    result = {
        "path": label,
        "import_s": round(first_s, 3),
        "import": first,
        "reimport_s": round(again_s, 3),
        "reimport": again,
        "alt_vintage_s": round(alt_s, 3),
        "alt_vintage": alt,
        "rows_rewritten_by_alt_vintage": rewritten,
        **state(),
    }
    print(
        f"  {label:8} import {first_s:6.2f}s  no-op re-import {again_s:6.2f}s  "
        f"alt vintage {alt_s:5.2f}s  ({first['created']:,} created; alt: {alt['updated']:,} updated)"
    )
    return result


def phase_breakdown(files: list[Path]) -> dict:
    """Where the time of the fast path goes, outside the database: parse, then locate."""
    from community.geo import NeighbourhoodLocator
    from crimes.importers.police_uk import read_file

    locator = NeighbourhoodLocator.load()
    with stopwatch() as parse:
        parsed = [read_file(path)[0] for path in files]
    with stopwatch() as locate:
        for rows in parsed:
            for row in rows:
                locator.locate(row["lsoa_code"], row["longitude"], row["latitude"])
    return {"parse_s": round(parse(), 3), "locate_s": round(locate(), 3)}


def redundant_indexes(cursor) -> list[str]:
    """Indexes on the crime table that no query needs: neighbourhood_id alone (the first
    column of three composite indexes) and lsoa_code with varchar_pattern_ops (LIKE)."""
    cursor.execute(
        "SELECT indexname FROM pg_indexes WHERE tablename = 'crimes_crime' AND ("
        "indexdef LIKE '%%(neighbourhood_id)' OR indexdef LIKE '%%varchar_pattern_ops%%')"
    )
    return [name for (name,) in cursor.fetchall()]


def prepare_databases(*, without_redundant_indexes: bool) -> int:
    """A migrated template with the neighbourhoods loaded, and the run's database made from it."""
    setup_django(fresh_database(TEMPLATE))
    from django.core.management import call_command
    from django.db import connections

    migrate()
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "neighbourhoods.csv"
        neighbourhoods = write_neighbourhood_csv(csv_path)
        call_command("load_neighbourhoods", str(csv_path), stdout=io.StringIO())
    if without_redundant_indexes:
        with connections["default"].cursor() as cursor:
            for name in redundant_indexes(cursor):
                cursor.execute(f'DROP INDEX "{name}"')
    connections.close_all()
    # From here on the default connection points at the copy made from the template.
    connections.databases["default"]["NAME"] = DB
    fresh_database(DB)

    return neighbourhoods


def compare_paths(fast: dict, generic: dict) -> dict:
    """The COPY path and the generic ORM path must store the same rows and the same audit."""
    same = {key: fast[key] == generic[key] for key in ("import", "reimport", "alt_vintage", "checksum", "crimes")}
    same["audit_rows"] = fast["audit_rows"] == generic["audit_rows"]
    if not all(same.values()):
        print(f"  !! fast and generic paths differ: {same}")
    return same


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-compare", action="store_true", help="skip the generic-path run and equality check")
    parser.add_argument(
        "--without-redundant-indexes",
        action="store_true",
        help="experiment: drop the crime indexes no query needs (neighbourhood_id alone, lsoa_code LIKE) first",
    )
    return parser.parse_args(argv)


def main(argv=None) -> dict:
    args = parse_args(argv)
    shared_data_or_exit("import benchmark")
    files = street_files()
    print(f"Import benchmark: {len(files)} files in {STREET}")

    neighbourhoods = prepare_databases(without_redundant_indexes=args.without_redundant_indexes)

    import_runs, copy_runs = [], []
    for _ in range(args.repeats):
        import_runs.append(import_cycle("copy"))
        seconds, copied = time_copy_baseline(files)
        copy_runs.append(seconds)
        print(f"  COPY of the raw rows into a bare table: {seconds:.2f}s ({copied:,} rows)")
    breakdown = phase_breakdown(files)
    generic = None if args.no_compare else import_cycle("generic")

    fast = import_runs[-1]
    result = {
        "machine": machine(),
        "files": len(files),
        "neighbourhoods": neighbourhoods,
        "rows": fast["import"]["rows"],
        "copy_rows": copied,
        "import_s": [r["import_s"] for r in import_runs],
        "import_median_s": median([r["import_s"] for r in import_runs]),
        "copy_s": [round(s, 3) for s in copy_runs],
        "copy_median_s": round(median(copy_runs), 3),
        "reimport_median_s": median([r["reimport_s"] for r in import_runs]),
        "alt_vintage_median_s": median([r["alt_vintage_s"] for r in import_runs]),
        "outside_database": breakdown,
        "without_redundant_indexes": args.without_redundant_indexes,
        "runs": import_runs,
        "generic": generic,
    }
    result["ratio_to_copy"] = round(result["import_median_s"] / result["copy_median_s"], 2)
    result["target_ratio"] = 3.0
    result["meets_target"] = result["ratio_to_copy"] <= 3.0
    if generic:
        result["generic_equivalent"] = compare_paths(fast, generic)
    write_result("import-without-redundant-indexes" if args.without_redundant_indexes else "import", result)
    print(
        f"Import of {result['rows']:,} rows: median {result['import_median_s']:.2f}s vs COPY "
        f"{result['copy_median_s']:.2f}s = {result['ratio_to_copy']}x (target <= 3x: "
        f"{'met' if result['meets_target'] else 'NOT met'}); parse {breakdown['parse_s']}s, "
        f"locate {breakdown['locate_s']}s of it"
    )
    from django.db import connections

    connections.close_all()
    drop_database(DB)
    drop_database(TEMPLATE)
    return result


if __name__ == "__main__":
    main()
