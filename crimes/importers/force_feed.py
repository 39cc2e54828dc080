"""The force's own dated crime feed (format: docs/force-feed.md).

    reference,occurred_at,recorded_at,category,location,latitude,longitude,lsoa_code,outcome

One row per crime, keyed by `reference`; a later file with the same reference
updates the crime. Times are ISO 8601; a time without an offset is local time
(TIME_ZONE): in the hour the clocks go back the first (summer time) reading is
taken, and a time in the hour the clocks skip is a bad row. A row without
`recorded_at` is stamped with the time it was first imported, and keeps that
stamp when it is imported again.
"""

import csv
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from audit.choices import Category
from audit.services import audit_record
from community.geo import NeighbourhoodLocator
from crimes.choices import CrimeCategory, CrimeSource
from crimes.importers.police_uk import LSOA_RE, UnreadableFile
from crimes.importers.report import ImportReport
from crimes.importers.store import chunked, crimes_upsert, existing_rows
from crimes.models import Crime
from pcso.geo import parse_point

HEADER = [
    "reference",
    "occurred_at",
    "recorded_at",
    "category",
    "location",
    "latitude",
    "longitude",
    "lsoa_code",
    "outcome",
]


REQUIRED = {"reference", "occurred_at", "category"}


REFERENCE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/_.:-]{0,99}$")


MUTABLE = [
    "occurred_at", "recorded_at", "month", "category", "outcome", "location",
    "latitude", "longitude", "lsoa_code", "neighbourhood_id", "is_demo",
]  # fmt: skip


FUTURE_TOLERANCE = timedelta(minutes=5)


def parse_time(value: str, name: str) -> datetime:
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError(f"{name} {value!r} is not an ISO 8601 date and time") from exc
    if timezone.is_naive(parsed):
        aware = timezone.make_aware(parsed)
        if timezone.localtime(aware.astimezone(UTC)).replace(tzinfo=None) != parsed:  # in the skipped hour
            raise ValueError(f"{name} {value} does not exist in {timezone.get_current_timezone_name()}")
        parsed = aware
    return parsed


def parse_row(row: dict, *, now: datetime) -> dict:
    """Validate one feed row; raises ValueError saying what is wrong.

    `recorded_at` is None when the row leaves it out (the importer stamps it).
    """
    for name, value in row.items():
        if value and "\x00" in value:
            raise ValueError(f"{name} contains a NUL character")
        if value and any("\udc80" <= char <= "\udcff" for char in value):
            raise ValueError(f"{name} is not UTF-8 text")
    missing = [name for name in sorted(REQUIRED) if not (row.get(name) or "").strip()]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    reference = row["reference"].strip()
    if not REFERENCE_RE.match(reference):
        raise ValueError(f"reference {reference!r} must be letters, digits and / _ . : - (at most 100)")
    occurred_at = parse_time(row["occurred_at"], "occurred_at")
    recorded_raw = (row.get("recorded_at") or "").strip()
    recorded_at = parse_time(recorded_raw, "recorded_at") if recorded_raw else None
    if occurred_at > now + FUTURE_TOLERANCE:
        raise ValueError(f"occurred_at {row['occurred_at'].strip()} is in the future")
    if recorded_at is not None and recorded_at > now + FUTURE_TOLERANCE:
        raise ValueError(f"recorded_at {recorded_raw} is in the future")
    if recorded_at is not None and recorded_at < occurred_at:
        raise ValueError("recorded_at is before occurred_at")
    category = CrimeCategory.from_text(row["category"])
    if category is None:
        raise ValueError(f"unknown category {row['category']!r} (use a data.police.uk crime type or slug)")
    latitude, longitude = parse_point(row.get("latitude") or "", row.get("longitude") or "")
    lsoa = (row.get("lsoa_code") or "").strip()
    if lsoa and not LSOA_RE.match(lsoa):
        raise ValueError(f"lsoa_code {lsoa!r} is not like E01000001")
    local = timezone.localtime(occurred_at)
    return {
        "source": CrimeSource.FORCE,
        "row_key": reference,
        "reference": reference,
        "occurred_at": occurred_at,
        "recorded_at": recorded_at,
        "month": local.date().replace(day=1),
        "category": category,
        "location": (row.get("location") or "").strip()[:255],
        "latitude": latitude,
        "longitude": longitude,
        "lsoa_code": lsoa,
        "outcome": (row.get("outcome") or "").strip()[:255],
    }


def read_file(path: Path) -> tuple[list[dict], list[str], int]:
    """Parse a feed file. Returns (valid rows, errors as "file:line: problem", data rows read).

    A quoted field may span lines (a location with a line break); a record that does
    is reported by its line range, so a quote left open, which swallows the lines after
    it into one record with too few fields, is reported with every line it took.
    """
    # Bytes that are not UTF-8 are carried as lone surrogates (surrogateescape), so such a
    # byte spoils its own row (parse_row rejects it) rather than the rest of the file.
    try:
        handle = open(path, newline="", encoding="utf-8-sig", errors="surrogateescape")  # noqa: SIM115 (closed below)
    except OSError as exc:
        raise UnreadableFile(f"{path}: {exc.strerror}") from exc
    rows: dict[str, dict] = {}
    errors, lines, now = [], 0, timezone.now()
    with handle:
        reader = csv.reader(handle)
        try:
            fieldnames = [name.strip() for name in next(reader, None) or []]
        except csv.Error as exc:
            raise UnreadableFile(f"{path}: not a CSV file ({exc})") from exc
        if (
            not set(fieldnames) >= REQUIRED
            or not set(fieldnames) <= set(HEADER)
            or len(set(fieldnames)) < len(fieldnames)
        ):
            shown = ",".join(fieldnames).encode("utf-8", "replace").decode()[:200]
            raise UnreadableFile(f"{path}: header must be {','.join(HEADER)} (got {shown})")
        previous = reader.line_num
        try:
            for fields in reader:
                first, previous = previous + 1, reader.line_num
                if not fields:  # a blank line
                    continue
                lines += 1
                where = f"{path}:{first}" if first == previous else f"{path}:{first}-{previous}"
                problem, row = "", None
                if len(fields) != len(fieldnames):
                    more = "more" if len(fields) > len(fieldnames) else "fewer"
                    problem = f"{more} fields than the header" + (" (a quote left open?)" if first != previous else "")
                else:
                    try:
                        row = parse_row(dict(zip(fieldnames, fields, strict=True)), now=now)
                    except ValueError as exc:
                        problem = str(exc)
                if row and row["reference"] in rows:
                    problem = f"reference {row['reference']} repeats an earlier row"
                if problem:
                    errors.append(f"{where}: {problem}; row skipped")
                    continue
                rows[row["reference"]] = row
        except csv.Error as exc:
            errors.append(f"{path}:{previous + 1}: unreadable from here on ({exc}); rest of file skipped")
    return list(rows.values()), errors, lines


def force_feed_import_file(*, actor, path: Path, locator: NeighbourhoodLocator, is_demo: bool = False) -> ImportReport:
    rows, errors, lines = read_file(path)
    report = ImportReport(files=1, rows=lines, errors=errors)
    for row in rows:
        row["is_demo"] = is_demo
        row["neighbourhood_id"] = locator.locate(row["lsoa_code"], row["longitude"], row["latitude"])
        report.unassigned += row["neighbourhood_id"] is None
    with transaction.atomic():
        existing: dict[str, dict] = {}
        for keys in chunked([row["row_key"] for row in rows]):
            scope = Crime.objects.filter(source=CrimeSource.FORCE, row_key__in=keys)
            existing |= existing_rows(scope, MUTABLE)
        now = timezone.now()
        for row in rows:
            if row["recorded_at"] is None:  # not in the file: first seen now, and that stands
                stored = existing.get(row["row_key"])
                row["recorded_at"] = stored["recorded_at"] if stored else max(now, row["occurred_at"])
        report.created, report.updated = crimes_upsert(rows=rows, existing=existing, compare=MUTABLE)
        report.unchanged = len(rows) - report.created - report.updated
        audit_record(
            actor=actor,
            category=Category.COLLECTION,
            action="crime.import_force_feed",
            object_type="file",
            object_id=path.name,
            object_repr=str(path)[-255:],
            details=report.as_details() | {"demo": is_demo},
        )
    return report


def force_feed_import(
    *, actor, paths: list[str | Path], is_demo: bool = False, on_file: Callable[[Path, int], None] | None = None
) -> ImportReport:
    total = ImportReport()
    locator = NeighbourhoodLocator.load()
    for raw in paths:
        path = Path(raw)
        try:
            report = force_feed_import_file(actor=actor, path=path, locator=locator, is_demo=is_demo)
        except UnreadableFile as exc:
            total.unreadable.append(str(exc))
            continue
        total.add(report)
        if on_file:
            on_file(path, report.rows)
    return total
