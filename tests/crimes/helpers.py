"""Reading the real data.police.uk files independently of the importer.

Expected numbers in the tests come from these helpers (the csv module on the
same files), never from constants typed into a test.
"""

import csv
import shutil
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, SHARED

STREET = SAMPLE / "street"
ALT_VINTAGE = SAMPLE / "street_alt_vintage"
EXCERPT = SAMPLE / "excerpts" / "2024-04-bedfordshire-street-excerpt.csv"
LSOA_POLYGONS = SAMPLE / "boundaries" / "lsoa21"
ASB = "Anti-social behaviour"
NO_LOCATION = "No Location"


def sample_street(month: str) -> Path:
    return STREET / month / f"{month}-city-of-london-street.csv"


def sample_alt(month: str) -> Path:
    return ALT_VINTAGE / month / f"{month}-city-of-london-street.csv"


def shared_dir(*parts: str) -> Path:
    """A folder under ../shared/data/police_uk, or skip the test when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not present (the shared data set is optional)")
    return path


def csv_dicts(path: Path) -> list[dict[str, str]]:
    """Data rows as dicts (header excluded), parsed the way the format needs: newline=''."""
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def csv_records(path: Path) -> list[tuple[str, ...]]:
    """Data rows as tuples of every field (header excluded)."""
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        return [tuple(fields) for fields in reader]


def outcome_changes(old: Path, new: Path) -> int:
    """Rows of `new` that are not in `old` field for field (as a multiset): changed outcomes."""
    return sum((Counter(csv_records(new)) - Counter(csv_records(old))).values())


def repeated(values) -> dict:
    """Values seen more than once, with their counts."""
    return {value: n for value, n in Counter(values).items() if n > 1}


def identical_extra_asb_lines(rows: list[dict[str, str]]) -> int:
    """How many ASB lines repeat an earlier ASB line byte for byte (5,583 in Bedfordshire)."""
    counts = Counter(tuple(row.values()) for row in rows if row["Crime type"] == ASB)
    return sum(n - 1 for n in counts.values())


def data_lines(path: Path) -> list[bytes]:
    """The raw lines of a file, CRLF kept (split after each b"\\n")."""
    return path.read_bytes().splitlines(keepends=True)


def copy_with_line(source: Path, folder: Path, line_number: int, new_line: bytes, name: str | None = None) -> Path:
    """Copy a real file, replacing physical line `line_number` (1 = header) with `new_line` (CRLF added)."""
    lines = data_lines(source)
    lines[line_number - 1] = new_line + b"\r\n"
    target = folder / (name or source.name)
    target.write_bytes(b"".join(lines))
    return target


def copy_file(source: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(source, folder / source.name))


def csv_line_of(path: Path, predicate) -> tuple[int, dict[str, str]]:
    """(physical line number, row) of the first data row matching `predicate`. Street files have no
    line breaks inside fields, so data row i sits on line i + 2."""
    for index, row in enumerate(csv_dicts(path)):
        if predicate(row):
            return index + 2, row
    raise AssertionError(f"no matching row in {path}")
