"""The force's own dated crime feed: incidents/importers/force_feed.py and `import_force_crimes`.

Rows are built from real City of London street rows (location, point, LSOA, crime
type, outcome) with dates and times added, as the force's recording system would.
"""

import csv
import re
from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from audit.choices import Category
from audit.models import AuditEvent
from crimes.choices import CrimeCategory, CrimeSource
from crimes.importers import force_feed
from crimes.importers.force_feed import HEADER, force_feed_import
from crimes.models import Crime
from tests.conftest import NORTH_LSOAS, SOUTH_LSOAS
from tests.crimes.helpers import csv_dicts, sample_street

pytestmark = pytest.mark.django_db


def real_rows(n: int) -> list[dict[str, str]]:
    """`n` feed rows made from real located, non-ASB street rows of December 2025."""
    street = [row for row in csv_dicts(sample_street("2025-12")) if row["Crime ID"] and row["Longitude"]]
    rows = []
    for index, row in enumerate(street[:n]):
        occurred = datetime(2025, 12, 1 + index % 28, 8 + index % 12, 15)
        rows.append(
            {
                "reference": f"CoL/25/{index:05d}",
                "occurred_at": occurred.isoformat(),
                "recorded_at": (occurred + timedelta(minutes=40)).isoformat(),
                "category": row["Crime type"],
                "location": row["Location"],
                "latitude": row["Latitude"],
                "longitude": row["Longitude"],
                "lsoa_code": row["LSOA code"],
                "outcome": row["Last outcome category"],
            }
        )
    return rows


def write_feed(folder, rows, header=HEADER, name="feed.csv"):
    path = folder / name
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow(row if isinstance(row, list) else [row.get(name, "") for name in header])
    return path


def import_feed(*paths):
    return force_feed_import(actor=None, paths=list(paths))


def london(text: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(text))


def test_valid_rows_import_with_occurred_and_recorded_times(tmp_path, north, south):
    rows = real_rows(12)
    path = write_feed(tmp_path, rows)

    report = import_feed(path)

    assert (report.files, report.rows, report.created, report.updated, report.unchanged) == (1, 12, 12, 0, 0)
    assert report.errors == []
    for row in rows:
        crime = Crime.objects.get(source=CrimeSource.FORCE, reference=row["reference"])
        assert crime.row_key == row["reference"]
        assert crime.occurred_at == london(row["occurred_at"])
        assert crime.recorded_at == london(row["recorded_at"])
        assert crime.month == date(2025, 12, 1)
        assert crime.category == CrimeCategory.from_text(row["category"])
        assert (crime.location, crime.outcome, crime.lsoa_code) == (row["location"], row["outcome"], row["lsoa_code"])
        assert (crime.latitude, crime.longitude) == (float(row["latitude"]), float(row["longitude"]))
        expected = north if row["lsoa_code"] in NORTH_LSOAS else south if row["lsoa_code"] in SOUTH_LSOAS else None
        assert crime.neighbourhood == expected
    assert report.unassigned == sum(row["lsoa_code"] not in NORTH_LSOAS + SOUTH_LSOAS for row in rows)


def test_category_may_be_the_display_name_or_the_slug(tmp_path):
    rows = real_rows(2)
    rows[1]["category"] = CrimeCategory.from_text(rows[1]["category"])
    import_feed(write_feed(tmp_path, rows))
    assert list(Crime.objects.order_by("reference").values_list("category", flat=True)) == [
        CrimeCategory.from_text(row["category"]) for row in rows
    ]


@pytest.mark.parametrize(
    ("given", "utc"),
    [
        ("2025-07-01T10:00:00", "2025-07-01T09:00:00"),  # naive summer time: BST, UTC+1
        ("2025-07-01 10:00", "2025-07-01T09:00:00"),
        ("2025-01-15T10:00:00", "2025-01-15T10:00:00"),  # naive winter time: GMT
        ("2025-03-30T00:30:00", "2025-03-30T00:30:00"),  # just before the clocks go forward
        ("2025-03-30T03:30:00", "2025-03-30T02:30:00"),  # just after
        ("2025-10-26T00:30:00", "2025-10-25T23:30:00"),  # before the clocks go back
        ("2025-10-26T01:30:00", "2025-10-26T00:30:00"),  # ambiguous hour: the first (BST) one
        ("2025-10-26T02:30:00", "2025-10-26T02:30:00"),
        ("2025-07-01T10:00:00Z", "2025-07-01T10:00:00"),  # an explicit offset wins
        ("2025-07-01T10:00:00+00:00", "2025-07-01T10:00:00"),
        ("2025-01-15T10:00:00+01:00", "2025-01-15T09:00:00"),
    ],
)
def test_naive_times_are_london_time_and_offsets_are_respected(tmp_path, given, utc):
    (row,) = real_rows(1)
    row["occurred_at"] = row["recorded_at"] = given

    report = import_feed(write_feed(tmp_path, [row]))

    assert report.errors == []
    crime = Crime.objects.get()
    assert crime.occurred_at == datetime.fromisoformat(utc).replace(tzinfo=UTC)
    assert crime.recorded_at == crime.occurred_at


def test_time_that_does_not_exist_in_london_is_a_bad_row(tmp_path):
    (row,) = real_rows(1)
    row["occurred_at"] = "2025-03-30T01:30:00"  # the clocks jump from 01:00 GMT to 02:00 BST
    row["recorded_at"] = "2025-03-30T03:00:00"
    path = write_feed(tmp_path, [row])

    report = import_feed(path)

    assert report.created == 0
    assert report.errors == [f"{path}:2: occurred_at 2025-03-30T01:30:00 does not exist in Europe/London; row skipped"]


@pytest.mark.parametrize(
    ("given", "month"),
    [
        ("2025-07-31T23:30:00Z", date(2025, 8, 1)),  # 00:30 BST on 1 August
        ("2025-01-31T23:30:00Z", date(2025, 1, 1)),  # 23:30 GMT on 31 January
        ("2025-12-31T23:59:59", date(2025, 12, 1)),
    ],
)
def test_month_is_the_london_month_of_the_occurrence(tmp_path, given, month):
    (row,) = real_rows(1)
    row["occurred_at"], row["recorded_at"] = given, "2026-01-02T09:00:00"
    import_feed(write_feed(tmp_path, [row]))
    assert Crime.objects.get().month == month


def test_reimporting_the_same_feed_changes_nothing(tmp_path, north, south):
    rows = real_rows(10)
    rows[3]["recorded_at"] = ""  # the feed may leave it out: the time we first saw the row stands
    path = write_feed(tmp_path, rows)
    before = timezone.now()
    first = import_feed(path)
    stored = {crime.pk: (crime.updated_at, crime.recorded_at) for crime in Crime.objects.all()}

    second = import_feed(path)

    assert first.created == 10
    assert (second.created, second.updated, second.unchanged) == (0, 0, 10)
    assert {crime.pk: (crime.updated_at, crime.recorded_at) for crime in Crime.objects.all()} == stored
    undated = Crime.objects.get(reference=rows[3]["reference"])
    assert before <= undated.recorded_at <= timezone.now()


def test_changed_rows_update_in_place(tmp_path):
    rows = real_rows(6)
    import_feed(write_feed(tmp_path, rows))
    ids = dict(Crime.objects.values_list("reference", "id"))
    rows[0]["outcome"] = "Suspect charged"
    rows[1]["category"] = "Robbery"
    rows[2]["occurred_at"] = "2025-11-30T23:10:00"
    rows[3]["latitude"], rows[3]["longitude"] = "", ""

    report = import_feed(write_feed(tmp_path, rows, name="feed-later.csv"))

    assert (report.created, report.updated, report.unchanged) == (0, 4, 2)
    assert dict(Crime.objects.values_list("reference", "id")) == ids
    assert Crime.objects.get(reference=rows[0]["reference"]).outcome == "Suspect charged"
    assert Crime.objects.get(reference=rows[1]["reference"]).category == CrimeCategory.ROBBERY
    moved = Crime.objects.get(reference=rows[2]["reference"])
    assert (moved.occurred_at, moved.month) == (london("2025-11-30T23:10:00"), date(2025, 11, 1))
    assert Crime.objects.get(reference=rows[3]["reference"]).latitude is None


def test_force_crimes_do_not_collide_with_public_rows(tmp_path):
    call_command("import_police_uk", str(sample_street("2025-12")), stdout=StringIO())
    public = Crime.objects.count()
    import_feed(write_feed(tmp_path, real_rows(5)))
    assert Crime.objects.count() == public + 5
    assert Crime.objects.filter(source=CrimeSource.FORCE).count() == 5


# --- bad rows ---------------------------------------------------------------------------


def in_a_day() -> str:
    return (timezone.localtime() + timedelta(days=1)).replace(tzinfo=None, microsecond=0).isoformat()


BAD = {
    "occurred in the future": (lambda r: r.update(occurred_at=in_a_day(), recorded_at=in_a_day()), "in the future"),
    "recorded in the future": (lambda r: r.update(recorded_at=in_a_day()), "recorded_at"),
    "recorded before occurred": (
        lambda r: r.update(occurred_at="2025-12-02T10:00:00", recorded_at="2025-12-02T09:59:00"),
        "recorded_at is before occurred_at",
    ),
    "unknown category": (lambda r: r.update(category="Jaywalking"), "unknown category 'Jaywalking'"),
    "coordinates not numbers": (lambda r: r.update(latitude="north"), "are not numbers"),
    "coordinates out of range": (lambda r: r.update(latitude="95.0"), "out of range"),
    "only one coordinate": (lambda r: r.update(longitude=""), "both be given or both be empty"),
    "bad time": (lambda r: r.update(occurred_at="yesterday teatime"), "is not an ISO 8601 date and time"),
    "missing reference": (lambda r: r.update(reference=""), "missing reference"),
    "reference with spaces": (lambda r: r.update(reference="CoL 25 1"), "reference 'CoL 25 1'"),
    "bad LSOA code": (lambda r: r.update(lsoa_code="E1"), "lsoa_code 'E1'"),
    "NUL in location": (lambda r: r.update(location="On or near \x00"), "NUL"),
}


@pytest.mark.parametrize("how", list(BAD))
def test_bad_row_is_reported_with_line_and_skipped(tmp_path, how):
    change, message = BAD[how]
    rows = real_rows(5)
    change(rows[2])
    path = write_feed(tmp_path, rows)

    report = import_feed(path)

    assert len(report.errors) == 1, report.errors
    assert report.errors[0].startswith(f"{path}:4: ")
    assert message in report.errors[0]
    assert report.errors[0].endswith("; row skipped")
    assert report.rows == 5
    assert report.created == Crime.objects.count() == 4
    assert set(Crime.objects.values_list("reference", flat=True)) == {row["reference"] for row in rows} - {
        rows[2]["reference"]
    }


def test_duplicate_reference_in_one_file_keeps_the_first_and_reports_the_others(tmp_path):
    rows = real_rows(4)
    rows.append(dict(rows[1], outcome="Suspect charged"))
    path = write_feed(tmp_path, rows)

    report = import_feed(path)

    assert report.errors == [f"{path}:6: reference {rows[1]['reference']} repeats an earlier row; row skipped"]
    assert report.created == Crime.objects.count() == 4
    assert Crime.objects.get(reference=rows[1]["reference"]).outcome == rows[1]["outcome"]


def test_row_with_extra_fields_is_reported_and_skipped(tmp_path):
    rows = real_rows(3)
    extra = [rows[1].get(name, "") for name in HEADER] + ["surplus"]
    path = write_feed(tmp_path, [rows[0], extra, rows[2]])

    report = import_feed(path)

    assert report.errors == [f"{path}:3: more fields than the header; row skipped"]
    assert report.created == 2


@pytest.mark.parametrize("bad", [1, 300], ids=["in the first block", "far into the file"])
def test_undecodable_byte_spoils_only_its_own_row(tmp_path, bad):
    rows = real_rows(320)
    path = write_feed(tmp_path, rows)
    lines = path.read_bytes().splitlines(keepends=True)
    lines[bad + 1] = lines[bad + 1].replace(b"On or near", b"Caf\xe9 on or near", 1)  # a Latin-1 byte
    path.write_bytes(b"".join(lines))

    report = import_feed(path)

    assert report.errors == [f"{path}:{bad + 2}: location is not UTF-8 text; row skipped"]
    assert report.created == Crime.objects.count() == len(rows) - 1


def test_quote_left_open_is_reported_with_the_lines_it_swallowed(tmp_path):
    rows = real_rows(6)
    path = write_feed(tmp_path, rows)
    lines = path.read_bytes().splitlines(keepends=True)
    lines[3] = lines[3].replace(b"On or near", b'"On or near', 1)  # row 3 of the data, line 4
    path.write_bytes(b"".join(lines))

    report = import_feed(path)

    assert len(report.errors) == 1
    assert report.errors[0].startswith(f"{path}:4-{len(lines)}: fewer fields than the header (a quote left open?)")
    assert report.created == 2


def test_row_with_fewer_fields_is_reported_and_skipped(tmp_path):
    rows = real_rows(3)
    short = [rows[1].get(name, "") for name in HEADER][:-2]
    path = write_feed(tmp_path, [rows[0], short, rows[2]])

    report = import_feed(path)

    assert report.errors == [f"{path}:3: fewer fields than the header; row skipped"]
    assert report.created == 2


def test_blank_lines_are_not_rows(tmp_path):
    rows = real_rows(3)
    path = write_feed(tmp_path, rows)
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join([*lines[:2], b"\r\n", *lines[2:], b"\r\n"]))

    report = import_feed(path)

    assert (report.rows, report.created, report.errors) == (3, 3, [])


def test_quoted_commas_and_line_breaks_in_a_location_are_kept(tmp_path):
    rows = real_rows(3)
    rows[1]["location"] = "Flat 2, Mansion House,\nWalbrook"
    path = write_feed(tmp_path, rows)

    report = import_feed(path)

    assert report.errors == []
    assert Crime.objects.get(reference=rows[1]["reference"]).location == rows[1]["location"]
    assert report.created == 3


# --- header and file problems -----------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        [name for name in HEADER if name != "occurred_at"],  # a required column is missing
        [*HEADER, "colour"],  # a column the format does not have
        ["Crime ID", "Month", "Reported by"],  # a data.police.uk file is not the feed
        [*HEADER, "reference"],  # a column named twice
    ],
    ids=["missing occurred_at", "unknown column", "street file", "repeated column"],
)
def test_header_problems_make_the_file_unreadable(tmp_path, header):
    path = write_feed(tmp_path, [], header=header)

    report = import_feed(path)

    assert report.files == 0
    assert len(report.unreadable) == 1
    assert report.unreadable[0].startswith(f"{path}: header must be {','.join(HEADER)}")


def test_columns_may_come_in_any_order_and_optional_ones_may_be_left_out(tmp_path):
    rows = real_rows(3)
    header = ["category", "occurred_at", "reference", "location"]
    path = write_feed(tmp_path, rows, header=header)

    report = import_feed(path)

    assert report.errors == []
    assert report.created == 3
    assert not Crime.objects.exclude(latitude=None).exists()


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02\xff\xfe binary"], ids=["empty", "binary"])
def test_empty_or_binary_file_is_unreadable(tmp_path, content):
    path = tmp_path / "feed.csv"
    path.write_bytes(content)
    report = import_feed(path)
    assert report.files == 0
    assert len(report.unreadable) == 1
    assert report.unreadable[0].startswith(str(path))


def test_missing_file_is_unreadable(tmp_path):
    report = import_feed(tmp_path / "absent.csv")
    assert report.unreadable == [f"{tmp_path / 'absent.csv'}: No such file or directory"]


# --- audit and the command --------------------------------------------------------------


def test_each_feed_file_writes_one_collection_audit_event(tmp_path):
    first = write_feed(tmp_path, real_rows(3), name="monday.csv")
    second = write_feed(tmp_path, real_rows(5), name="tuesday.csv")

    import_feed(first, second)

    events = AuditEvent.objects.filter(action="crime.import_force_feed").order_by("id")
    assert [(e.category, e.object_id, e.details["created"]) for e in events] == [
        (Category.COLLECTION, "monday.csv", 3),
        (Category.COLLECTION, "tuesday.csv", 2),
    ]


def test_audit_event_shares_the_transaction_with_the_crimes(tmp_path, monkeypatch):
    def failing_audit(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(force_feed, "audit_record", failing_audit)
    with pytest.raises(RuntimeError):
        import_feed(write_feed(tmp_path, real_rows(3)))
    assert Crime.objects.count() == 0


def run_command(*paths) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_force_crimes", *[str(p) for p in paths], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_reports_bad_rows_and_ends_with_one_summary_line(tmp_path):
    rows = real_rows(6)
    rows[4]["category"] = "Jaywalking"
    path = write_feed(tmp_path, rows)

    out, err = run_command(path)

    (line,) = out.splitlines()
    assert re.fullmatch(
        r"Imported 1 file\(s\), 6 rows: 5 created, 0 updated, 0 unchanged, 1 bad rows skipped, "
        r"\d+ outside every neighbourhood",
        line,
    )
    assert err.splitlines() == [
        f"{path}:6: unknown category 'Jaywalking' (use a data.police.uk crime type or slug); row skipped"
    ]


def test_command_fails_when_no_file_could_be_read(tmp_path):
    path = write_feed(tmp_path, [], header=["reference"])
    with pytest.raises(CommandError, match="Nothing could be read"):
        run_command(path, tmp_path / "absent.csv")
