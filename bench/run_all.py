"""Run every benchmark and print one summary (what `make bench` calls).

    .venv/bin/python bench/run_all.py [--quick]

Each benchmark runs in its own process against its own pcso_bench_* PostgreSQL
database (BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432) and
writes bench/results/<name>.json (git-ignored). --quick runs small sizes to check
that everything works (its numbers say nothing about the targets). Both skip with a
message when ../shared/data/police_uk is absent. See docs/performance.md.
"""

import argparse
import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
QUICK = {
    "import_bench.py": ["--repeats", "1"],
    "briefing_bench.py": ["--neighbourhoods", "10", "--per-neighbourhood", "1000", "--growth-factor", "2"],
}


def run(script: str, extra: list[str]) -> int:
    print(f"== {script} {' '.join(extra)}", flush=True)
    return subprocess.run([sys.executable, str(BENCH / script), *extra], check=False).returncode


def load(name: str) -> dict | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def summary() -> None:
    print("\n== Summary")
    imported = load("import")
    if imported:
        print(
            f"(a) import {imported['rows']:,} rows: {imported['import_median_s']:.2f}s vs COPY "
            f"{imported['copy_median_s']:.2f}s = {imported['ratio_to_copy']}x (target <= 3x: "
            f"{'met' if imported['meets_target'] else 'NOT met'}); no-op re-import "
            f"{imported['reimport_median_s']:.2f}s; newer vintage {imported['alt_vintage_median_s']:.2f}s"
        )
        if imported.get("generic"):
            same = all(imported["generic_equivalent"].values())
            print(f"    generic Django path: {imported['generic']['import_s']:.2f}s; same rows and counts: {same}")
    briefing = load("briefing")
    if briefing:
        print(
            f"(b) briefing with {briefing['base']['dated_crimes']:,} dated crimes: worst {briefing['worst_ms']} ms "
            f"(target < 200: {'met' if briefing['meets_time_target'] else 'NOT met'}); after "
            f"{briefing['growth']['generated']:,} more elsewhere: worst ratio {briefing['worst_ratio']} "
            f"(target <= 1.2: "
            f"{'met' if briefing['meets_growth_target'] else 'NOT met'}); page queries unchanged: "
            f"{briefing['page_queries_equal']}"
        )
        for row in briefing["summary"]:
            print(
                f"    {row['code']:28} {row['before_ms']:7.1f} -> {row['after_ms']:7.1f} ms (x{row['ratio']}), "
                f"page queries {row['page_queries_before']} -> {row['page_queries_after']}"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: checks the scripts, not the targets")
    args = parser.parse_args()
    failures = 0
    for script in ("import_bench.py", "briefing_bench.py"):
        failures += run(script, QUICK[script] if args.quick else []) != 0
    summary()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
