"""Importing data.police.uk street files into the database (DOMAIN §3), on real rows."""

from collections import Counter
from datetime import date

import pytest

from audit.choices import Category
from audit.models import AuditEvent
from crimes.choices import CrimeCategory, CrimeSource
from crimes.importers import police_uk
from crimes.importers.police_uk import police_uk_import
from crimes.models import Crime
from tests.conftest import NORTH_LSOAS, SOUTH_LSOAS
from tests.crimes.helpers import (
    ASB,
    NO_LOCATION,
    copy_with_line,
    csv_dicts,
    csv_line_of,
    csv_records,
    identical_extra_asb_lines,
    outcome_changes,
    repeated,
    sample_alt,
    sample_street,
)

pytestmark = pytest.mark.django_db

OURS = set(NORTH_LSOAS + SOUTH_LSOAS)


def import_files(*paths):
    return police_uk_import(actor=None, paths=list(paths))


def month_of(rows) -> date:
    (month,) = {row["Month"] for row in rows}
    year, number = month.split("-")
    return date(int(year), int(number), 1)


def test_every_data_row_becomes_one_crime(north, south):
    path = sample_street("2025-12")
    source = csv_dicts(path)

    report = import_files(path)

    assert (report.files, report.rows, report.created, report.updated, report.unchanged) == (
        1, len(source), len(source), 0, 0,
    )  # fmt: skip
    assert report.errors == report.unreadable == []
    assert Crime.objects.count() == len(source)
    assert set(Crime.objects.values_list("source", "month", "force").distinct()) == {
        (CrimeSource.POLICE_UK, month_of(source), row["Falls within"]) for row in source
    }
    assert Counter(Crime.objects.values_list("category", flat=True)) == Counter(
        CrimeCategory.from_text(row["Crime type"]) for row in source
    )
    assert Counter(Crime.objects.values_list("outcome", flat=True)) == Counter(
        row["Last outcome category"] for row in source
    )
    assert not Crime.objects.filter(occurred_at__isnull=False).exists()


def test_crimes_are_placed_in_neighbourhoods_by_lsoa(north, south):
    path = sample_street("2025-12")
    source = csv_dicts(path)

    report = import_files(path)

    assert north.crimes.count() == sum(row["LSOA code"] in NORTH_LSOAS for row in source)
    assert south.crimes.count() == sum(row["LSOA code"] in SOUTH_LSOAS for row in source)
    assert report.unassigned == sum(row["LSOA code"] not in OURS for row in source)
    assert Crime.objects.filter(neighbourhood=None).count() == report.unassigned


def test_asb_rows_are_imported_with_an_empty_reference(north):
    path = sample_street("2025-03")
    source = csv_dicts(path)

    import_files(path)

    asb = Crime.objects.filter(category=CrimeCategory.ANTI_SOCIAL_BEHAVIOUR)
    assert asb.count() == sum(row["Crime type"] == ASB for row in source) > 0
    assert set(asb.values_list("reference", "outcome").distinct()) == {("", "")}
    assert not Crime.objects.exclude(category=CrimeCategory.ANTI_SOCIAL_BEHAVIOUR).filter(reference="").exists()


def test_repeated_crime_ids_in_a_month_are_kept_as_separate_crimes():
    path = sample_street("2025-05")
    source = csv_dicts(path)
    repeats = repeated(row["Crime ID"] for row in source if row["Crime ID"])
    assert repeats

    import_files(path)

    assert Crime.objects.count() == len(source)
    stored = Counter(Crime.objects.filter(reference__in=list(repeats)).values_list("reference", flat=True))
    assert stored == Counter(repeats)
    # The repeats differ in location or outcome; each variant is its own crime.
    for reference in repeats:
        variants = Counter(
            (row["Location"], row["Last outcome category"]) for row in source if row["Crime ID"] == reference
        )
        assert Counter(Crime.objects.filter(reference=reference).values_list("location", "outcome")) == variants


def test_rows_identical_in_every_field_are_kept_as_separate_crimes():
    path = next(
        sample_street(month)
        for month in ("2025-01", "2025-04", "2025-05")
        if repeated(record for record in csv_records(sample_street(month)) if record[0])
    )
    duplicates = repeated(record for record in csv_records(path) if record[0])

    import_files(path)

    for record, n in duplicates.items():
        assert Crime.objects.filter(reference=record[0], location=record[6], outcome=record[10]).count() == n


def test_identical_asb_rows_are_kept_as_separate_crimes():
    path = sample_street("2025-08")
    source = csv_dicts(path)
    extra = identical_extra_asb_lines(source)
    assert extra > 0
    (line, n), *_ = Counter(tuple(row.items()) for row in source if row["Crime type"] == ASB).most_common(1)
    row = dict(line)
    assert n > 1

    report = import_files(path)

    assert report.created == len(source)
    asb = Crime.objects.filter(category=CrimeCategory.ANTI_SOCIAL_BEHAVIOUR)
    assert asb.count() == sum(row["Crime type"] == ASB for row in source)
    same_point = asb.filter(location=row["Location"], lsoa_code=row["LSOA code"])
    if row["Latitude"]:
        same_point = same_point.filter(latitude=float(row["Latitude"]), longitude=float(row["Longitude"]))
    assert same_point.count() == sum(dict(other) == row for other in source)


def test_no_location_rows_are_imported_with_null_coordinates_and_counted_unassigned(north, south):
    path = sample_street("2025-11")
    source = csv_dicts(path)
    no_location = [row for row in source if row["Location"] == NO_LOCATION]
    assert no_location
    assert all(row["Longitude"] == row["Latitude"] == row["LSOA code"] == "" for row in no_location)

    report = import_files(path)

    stored = Crime.objects.filter(location=NO_LOCATION)
    assert stored.count() == len(no_location)
    assert set(stored.values_list("latitude", "longitude", "lsoa_code", "lsoa_name", "neighbourhood")) == {
        (None, None, "", "", None)
    }
    assert Counter(stored.values_list("category", flat=True)) == Counter(
        CrimeCategory.from_text(row["Crime type"]) for row in no_location
    )
    assert report.unassigned >= len(no_location)


def test_points_outside_the_force_are_kept_and_unassigned(north, south):
    path = sample_street("2025-12")
    source = csv_dicts(path)
    outside = [row for row in source if row["LSOA code"] and not row["LSOA name"].startswith("City of London")]
    assert outside

    report = import_files(path)

    stored = Crime.objects.filter(lsoa_code__in={row["LSOA code"] for row in outside})
    assert stored.count() == len(outside)
    assert not stored.filter(latitude=None).exists()
    assert not stored.filter(neighbourhood__isnull=False).exists()
    assert Counter(stored.values_list("lsoa_name", flat=True)) == Counter(row["LSOA name"] for row in outside)
    no_location = sum(row["Location"] == NO_LOCATION for row in source)
    assert report.unassigned == len(outside) + no_location


def test_importing_the_same_file_twice_creates_and_updates_nothing(north, south):
    path = sample_street("2025-12")
    first = import_files(path)
    before = dict(Crime.objects.values_list("id", "updated_at"))

    second = import_files(path)

    assert first.created == len(csv_records(path))
    assert (second.created, second.updated, second.unchanged) == (0, 0, first.created)
    assert second.unassigned == first.unassigned
    assert dict(Crime.objects.values_list("id", "updated_at")) == before


def test_newer_download_updates_outcomes_only_and_adds_nothing(north, south):
    old, new = sample_street("2025-12"), sample_alt("2025-12")
    changed = outcome_changes(old, new)
    assert changed > 0
    # A real row whose outcome moved on from "Under investigation" (its other fields are unique in the month).
    old_rows, new_rows = csv_dicts(old), csv_dicts(new)

    def rest(row):
        return tuple(value for name, value in row.items() if name != "Last outcome category")

    new_by_rest = {rest(row): row for row in new_rows}
    unique = Counter(rest(row) for row in old_rows)
    moved = next(
        row
        for row in old_rows
        if row["Last outcome category"] == "Under investigation"
        and unique[rest(row)] == 1
        and new_by_rest[rest(row)]["Last outcome category"] != "Under investigation"
    )
    import_files(old)
    crime = Crime.objects.get(reference=moved["Crime ID"], location=moved["Location"])
    assert crime.outcome == "Under investigation"
    stable = ["id", "row_key", "reference", "month", "category", "location", "latitude", "longitude", "lsoa_code"]
    before = set(Crime.objects.values_list(*stable))

    report = import_files(new)

    assert (report.created, report.updated, report.unchanged) == (0, changed, len(new_rows) - changed)
    assert Crime.objects.count() == len(old_rows)
    assert set(Crime.objects.values_list(*stable)) == before
    crime.refresh_from_db()
    assert crime.outcome == new_by_rest[rest(moved)]["Last outcome category"]
    assert Counter(Crime.objects.values_list("outcome", flat=True)) == Counter(
        row["Last outcome category"] for row in new_rows
    )
    again = import_files(new)
    assert (again.created, again.updated) == (0, 0)


def test_bad_row_is_reported_and_skipped_while_the_rest_imports(tmp_path):
    source = sample_street("2025-12")
    line, row = csv_line_of(source, lambda row: row["Crime ID"] and row["Longitude"])
    raw = ",".join(value if name != "Crime type" else "Jaywalking" for name, value in row.items())
    path = copy_with_line(source, tmp_path, line, raw.encode())

    report = import_files(path)

    assert len(report.errors) == 1
    assert report.errors[0].startswith(f"{path}:{line}: unknown Crime type 'Jaywalking'")
    assert report.rows == len(csv_records(source))
    assert report.created == Crime.objects.count() == report.rows - 1
    assert not Crime.objects.filter(reference=row["Crime ID"], location=row["Location"]).exists()


def test_unreadable_files_are_reported_and_the_readable_ones_import(tmp_path):
    good = sample_street("2025-12")
    wrong_header = copy_with_line(good, tmp_path, 1, b"a,b,c", name="2025-11-city-of-london-street.csv")
    missing = tmp_path / "2025-10-city-of-london-street.csv"

    report = import_files(missing, wrong_header, good)

    assert report.files == 1
    assert report.created == len(csv_records(good))
    assert len(report.unreadable) == 2
    assert report.unreadable[0].startswith(f"{missing}: no such file")
    assert report.unreadable[1].startswith(f"{wrong_header}: not a data.police.uk street file")


def test_each_imported_file_writes_one_collection_audit_event():
    paths = [sample_street("2025-11"), sample_street("2025-12")]

    report = import_files(*paths)

    events = AuditEvent.objects.filter(action="crime.import_police_uk").order_by("id")
    assert [(event.category, event.object_id) for event in events] == [
        (Category.COLLECTION, path.name) for path in paths
    ]
    assert sum(event.details["created"] for event in events) == report.created
    assert [event.details["rows"] for event in events] == [len(csv_records(path)) for path in paths]
    import_files(paths[0])
    assert AuditEvent.objects.filter(action="crime.import_police_uk", category=Category.COLLECTION).count() == 3


def test_unreadable_file_writes_no_audit_event(tmp_path):
    import_files(tmp_path / "missing-street.csv")
    assert not AuditEvent.objects.filter(action="crime.import_police_uk").exists()


def test_audit_event_is_written_in_the_same_transaction_as_the_crimes(monkeypatch):
    def failing_audit(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(police_uk, "audit_record", failing_audit)

    with pytest.raises(RuntimeError):
        import_files(sample_street("2025-12"))

    assert Crime.objects.count() == 0


def test_rows_the_database_could_not_store_are_bad_rows_not_a_failed_file(tmp_path):
    # PostgreSQL refuses NUL characters and over-long text; one such row must not abort the file.
    source = sample_street("2025-12")
    line, row = csv_line_of(source, lambda row: row["Crime ID"] != "")
    nul = ",".join(value if name != "Location" else "On or near \x00" for name, value in row.items())
    path = copy_with_line(source, tmp_path, line, nul.encode())
    long_line, long_row = csv_line_of(path, lambda other: other["Crime ID"] not in ("", row["Crime ID"]))
    too_long = ",".join(value if name != "LSOA name" else "N" * 101 for name, value in long_row.items())
    path = copy_with_line(path, tmp_path, long_line, too_long.encode())

    report = import_files(path)

    assert [error.split(": ")[0] for error in report.errors] == [f"{path}:{line}", f"{path}:{long_line}"]
    assert report.created == Crime.objects.count() == len(csv_records(source)) - 2
