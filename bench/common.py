"""Shared helpers for the benchmarks: throwaway databases, Django setup, the machine.

Every benchmark database is named pcso_bench_* and is dropped and re-created by
the benchmark that owns it; nothing else on the server is touched.
"""

import csv
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data" / "police_uk"
STREET = SHARED / "street"
ALT_VINTAGE = SHARED / "street_alt_vintage"
RESULTS = ROOT / "bench" / "results"
# Server and role to use; only databases named pcso_bench_* are created or dropped.
SERVER_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
# Databases are named per run (pcso_bench_<what>_<process id>), so two runs at once
# (a developer and CI on one server) never drop each other's database.
RUN_ID = os.environ.get("BENCH_RUN_ID") or str(os.getpid())


def run_database(what: str) -> str:
    return f"pcso_bench_{what}_{RUN_ID}"


def shared_data_or_exit(name: str) -> None:
    if not STREET.is_dir():
        print(f"{name}: skipped, {STREET} is not there (the shared police.uk data set is needed).")
        sys.exit(0)


def database_url(name: str) -> str:
    return f"{SERVER_URL}/{name}"


def fresh_database(name: str) -> str:
    """Drop and create database `name` (must start with pcso_bench). Returns its URL."""
    import psycopg

    if not name.startswith("pcso_bench"):
        raise ValueError(f"refusing to touch database {name!r}: benchmark databases start with pcso_bench")
    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return database_url(name)


def drop_database(name: str) -> None:
    import psycopg

    if not name.startswith("pcso_bench"):
        raise ValueError(f"refusing to drop database {name!r}")
    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(url: str) -> None:
    """Point Django at `url` and set it up (call once, before importing models)."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret")
    os.environ.setdefault("DJANGO_HTTPS", "0")
    os.environ.setdefault("DJANGO_STATIC_MANIFEST", "0")  # serve static files as they are (no collectstatic)
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pcso.settings")
    os.environ.setdefault("DATABASE_CONN_MAX_AGE", "600")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


@contextmanager
def stopwatch():
    """with stopwatch() as t: ...; t() -> elapsed seconds."""
    start = time.perf_counter()
    end = None

    def elapsed() -> float:
        return (end or time.perf_counter()) - start

    try:
        yield elapsed
    finally:
        end = time.perf_counter()


def median(values: list[float]) -> float:
    return statistics.median(values)


def lsoa_group(lsoa_name: str) -> str:
    """'Bedford 008C' -> 'Bedford 008': the MSOA an LSOA belongs to (its name minus the letter)."""
    return re.sub(r"[A-Z]$", "", lsoa_name).strip()


def street_files(folder: Path = STREET) -> list[Path]:
    return sorted(folder.rglob("*-street.csv"))


def write_neighbourhood_csv(path: Path, folder: Path = STREET) -> int:
    """A load_neighbourhoods CSV made from the data: one neighbourhood per MSOA, i.e. the
    LSOAs whose names differ only in the final letter ('Luton 010A', 'Luton 010B', ...).
    Every LSOA seen in the data gets a neighbourhood. Returns the number of neighbourhoods."""
    names: dict[str, str] = {}
    for file in street_files(folder):
        with open(file, newline="", encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                if row["LSOA code"]:
                    names[row["LSOA code"]] = row["LSOA name"]
    groups = defaultdict(list)
    for code, name in names.items():
        groups[lsoa_group(name)].append(code)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "name", "lsoa_code"])
        for group, codes in sorted(groups.items()):
            slug = re.sub(r"[^a-z0-9]+", "-", group.lower()).strip("-")
            for code in sorted(codes):
                writer.writerow([slug, group, code])
    return len(groups)


def machine() -> dict:
    """What the numbers were measured on."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1])
    except OSError:
        mem_kb = 0
    try:
        import psycopg

        with psycopg.connect(database_url("postgres")) as conn:
            pg = conn.execute("SHOW server_version").fetchone()[0]
            settings = {
                name: conn.execute(f"SHOW {name}").fetchone()[0]
                for name in ("shared_buffers", "work_mem", "max_wal_size", "synchronous_commit", "fsync")
            }
    except Exception as exc:  # report whatever stopped us
        pg, settings = f"unavailable ({exc})", {}
    disk = subprocess.run(["df", "-h", str(ROOT)], check=False, capture_output=True, text=True).stdout.splitlines()[-1:]
    return {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "postgresql": pg,
        "postgresql_settings": settings,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "disk": disk[0] if disk else "",
    }


def write_result(name: str, data: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, default=str) + "\n")
    return path


def migrate() -> None:
    """manage.py migrate, quietly."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
