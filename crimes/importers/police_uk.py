"""data.police.uk street-level crime files (DOMAIN §3).

Quirks handled, each proved by a test on real rows: CRLF line endings and quoted
commas (the csv module with newline=""); empty Crime ID on ASB rows; Crime IDs
repeated within a month; byte-identical ASB rows that are distinct incidents;
"No Location" rows; points far outside the force; newer downloads of a month
that change only the outcome; unknown outcomes kept as they come.
"""

import codecs
import csv
import functools
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

from django.db import transaction

from audit.choices import Category
from audit.services import audit_record
from community.geo import NeighbourhoodLocator
from crimes.choices import CrimeCategory, CrimeSource
from crimes.importers.report import ImportReport
from crimes.importers.store import crimes_upsert, existing_rows
from crimes.models import Crime
from pcso.geo import in_range

HEADER = [
    "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude",
    "Location", "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context",
]  # fmt: skip


OUTCOME = HEADER.index("Last outcome category")


MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


LSOA_RE = re.compile(r"^[EW]0\d{7}$")


# Fields that may change between downloads of the same month.
MUTABLE = ["outcome", "neighbourhood_id"]


class UnreadableFile(Exception):
    pass


def find_street_files(paths: list[str | Path]) -> tuple[list[Path], list[str]]:
    """Expand folders to their `*-street.csv` files (recursively). Returns (files, problems).

    A file reached twice (named and inside a named folder) is listed once.
    """
    files, problems, seen = [], [], set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(path.rglob("*-street.csv"))
            if not found:
                problems.append(f"{path}: no *-street.csv files in this folder")
        elif path.is_file():
            found = [path]
        else:
            problems.append(f"{path}: no such file or folder")
            continue
        for file in found:
            if file.resolve() not in seen:
                seen.add(file.resolve())
                files.append(file)
    return files, problems


# Longest text each limited field may hold (the Crime column it is stored in), by position.
LIMITED = [
    (HEADER.index(name), name, Crime._meta.get_field(field).max_length)
    for name, field in [
        ("Crime ID", "reference"), ("Reported by", "force"), ("Falls within", "force"),
        ("Location", "location"), ("LSOA name", "lsoa_name"), ("Last outcome category", "outcome"),
    ]
]  # fmt: skip


LIMIT = 255  # the rest are short by nature; nothing longer is plausible


@functools.cache
def parse_month(month: str) -> date | None:
    match = MONTH_RE.match(month)
    return date(int(match[1]), int(match[2]), 1) if match else None


@functools.cache
def valid_lsoa(code: str) -> bool:
    return not code or bool(LSOA_RE.match(code))


SHORTEST_LIMIT = min(limit for _, _, limit in LIMITED)


def field_problem(values: list[str]) -> str:
    if max(map(len, values)) <= SHORTEST_LIMIT:
        return ""  # the usual case, decided in one pass
    for index, name, limit in LIMITED:
        if len(values[index]) > limit:
            return f"{name} is longer than {limit} characters"
    longest = max(values, key=len)
    if len(longest) > LIMIT:
        return f"{HEADER[values.index(longest)]} is longer than {LIMIT} characters"
    return ""


def parse_row(fields: list[str]) -> tuple[dict | None, str]:  # noqa: PLR0911 (one return per rule)
    """Validate one CSV record. Returns (row, "") or (None, what is wrong).

    Runs once per row of a 150,000-row archive, so checks are cheap and cached.
    """
    if len(fields) != len(HEADER):
        return None, f"expected {len(HEADER)} fields, found {len(fields)}"
    values = list(map(str.strip, fields))
    problem = field_problem(values)
    if problem:
        return None, problem
    crime_id, month, reported_by, falls_within, lon, lat, location, lsoa, lsoa_name, crime_type, outcome, _ = values
    month_start = parse_month(month)
    if month_start is None:
        return None, f"Month {month!r} is not YYYY-MM"
    category = CrimeCategory.from_text(crime_type)
    if category is None:
        return None, f"unknown Crime type {crime_type!r}"
    if bool(lon) != bool(lat):
        return None, "Longitude and Latitude must both be given or both be empty"
    try:
        longitude, latitude = (float(lon), float(lat)) if lon else (None, None)
    except ValueError:
        return None, f"Longitude/Latitude {lon!r}, {lat!r} are not numbers"
    if latitude is not None and not in_range(latitude, longitude):
        return None, f"coordinates {lon}, {lat} are out of range"
    if not valid_lsoa(lsoa):
        return None, f"LSOA code {lsoa!r} is not like E01000001"
    return {
        "reference": crime_id,
        "month": month_start,
        "force": falls_within or reported_by,
        "longitude": longitude,
        "latitude": latitude,
        "location": location,
        "lsoa_code": lsoa,
        "lsoa_name": lsoa_name,
        "category": category,
        "outcome": outcome,
    }, ""


def identity(fields: list[str]) -> str:
    """Hash of every field except the outcome: the same row in any download."""
    stable = fields[:OUTCOME] + fields[OUTCOME + 1 :]
    return hashlib.sha1("\x1f".join(stable).encode()).hexdigest()


def records(handle) -> Iterator[tuple[int, list[str] | None, str]]:
    """(line number, fields, "") or (line number, None, what is wrong) for each non-blank line.

    Street files never break a line inside a field, so each physical line is parsed on
    its own: a stray quote or a byte that is not UTF-8 spoils that row only, instead of
    swallowing the rest of the file or making it unreadable.
    """
    for number, raw in enumerate(handle, start=1):
        try:
            text = (raw.removeprefix(codecs.BOM_UTF8) if number == 1 else raw).decode("utf-8")
        except UnicodeDecodeError as exc:
            yield number, None, f"not UTF-8 text ({exc.reason} at byte {exc.start + 1})"
            continue
        if not text.strip():
            continue
        if "\x00" in text:
            yield number, None, "the line contains a NUL character"
        elif '"' not in text:
            # Fields are quoted only when they hold a comma: an unquoted line splits exactly.
            yield number, text.rstrip("\r\n").split(","), ""
        else:
            try:
                yield number, next(csv.reader([text], strict=True)), ""
            except csv.Error as exc:
                yield number, None, f"malformed CSV ({exc})"


def read_file(path: Path) -> tuple[list[dict], list[str], int]:
    """Parse a whole file. Returns (rows with row_key, errors, data lines read)."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 (closed by "with handle" below)
    except OSError as exc:
        raise UnreadableFile(f"{path}: {exc.strerror}") from exc
    groups: dict[str, list[dict]] = defaultdict(list)
    errors, lines = [], 0
    with handle:
        lines_of_file = records(handle)
        try:
            _, header, _ = next(lines_of_file, (0, None, ""))
        except OSError as exc:
            raise UnreadableFile(f"{path}: {exc.strerror}") from exc
        if header is None or [h.strip() for h in header] != HEADER:
            shown = "empty or not text" if header is None else ",".join(header)[:200]
            raise UnreadableFile(f"{path}: not a data.police.uk street file (header is {shown!r})")
        for number, fields, unparsed in lines_of_file:
            lines += 1
            row, problem = (None, unparsed) if unparsed else parse_row(fields)
            if problem:
                errors.append(f"{path}:{number}: {problem}; row skipped")
                continue
            groups[identity(fields)].append(row)
    return list(keyed_rows(groups)), errors, lines


def keyed_rows(groups: dict[str, list[dict]]):
    """Number otherwise-identical rows 0, 1, 2... Identical ASB rows are distinct incidents.

    Within a group the rows differ at most in outcome; ordering them by outcome keeps
    each key on the same outcome when a newer download lists the rows in another order.
    """
    for key, rows in groups.items():
        for ordinal, row in enumerate(sorted(rows, key=lambda r: r["outcome"])):
            row["row_key"] = f"{key}:{ordinal}"
            yield row


def police_uk_import_file(
    *, actor, path: Path, locator: NeighbourhoodLocator, parsed: tuple | None = None
) -> ImportReport:
    """Import one file in one transaction with its audit row. `parsed` is read_file(path), if already done."""
    rows, errors, lines = parsed or read_file(path)
    report = ImportReport(files=1, rows=lines, errors=errors)
    for row in rows:
        row["source"] = CrimeSource.POLICE_UK
        row["neighbourhood_id"] = locator.locate(row["lsoa_code"], row["longitude"], row["latitude"])
        report.unassigned += row["neighbourhood_id"] is None
    with transaction.atomic():
        report.created, report.updated = store_rows(rows)
        report.unchanged = len(rows) - report.created - report.updated
        audit_record(
            actor=actor,
            category=Category.COLLECTION,
            action="crime.import_police_uk",
            object_type="file",
            object_id=path.name,
            object_repr=str(path)[-255:],
            details=report.as_details(),
        )
    return report


def store_rows(rows: list[dict]) -> tuple[int, int]:
    """Upsert one file's rows; returns (created, updated)."""
    months = {row["month"] for row in rows}
    forces = {row["force"] for row in rows}
    stored = Crime.objects.filter(source=CrimeSource.POLICE_UK, month__in=months, force__in=forces)
    return crimes_upsert(rows=rows, existing=existing_rows(stored, MUTABLE), compare=MUTABLE)


def police_uk_import(
    *, actor, paths: list[str | Path], on_file: Callable[[Path, int], None] | None = None
) -> ImportReport:
    """Import data.police.uk street files and folders. Idempotent; see module docstring.

    The next file is parsed in a second thread while the database stores the
    current one, so parsing and writing overlap on a two-core machine.
    """
    files, problems = find_street_files(paths)
    total = ImportReport(unreadable=problems)
    locator = NeighbourhoodLocator.load()
    with ThreadPoolExecutor(max_workers=1) as reader:
        pending = reader.submit(read_file, files[0]) if files else None
        for index, path in enumerate(files):
            current = pending
            pending = reader.submit(read_file, files[index + 1]) if index + 1 < len(files) else None
            try:
                report = police_uk_import_file(actor=actor, path=path, locator=locator, parsed=current.result())
            except UnreadableFile as exc:
                total.unreadable.append(str(exc))
                continue
            total.add(report)
            if on_file:
                on_file(path, report.rows)
    return total
