"""Parsing data.police.uk street files (DOMAIN §3), on real rows, without the database."""

import re
from collections import Counter

import pytest

from crimes.choices import KNOWN_OUTCOMES, CrimeCategory
from crimes.importers.police_uk import HEADER, UnreadableFile, find_street_files, read_file
from tests.crimes.helpers import (
    ASB,
    EXCERPT,
    NO_LOCATION,
    STREET,
    copy_with_line,
    csv_dicts,
    csv_line_of,
    csv_records,
    data_lines,
    identical_extra_asb_lines,
    repeated,
    sample_street,
)


def test_header_of_the_real_files_is_the_documented_header():
    for path in [EXCERPT, *sorted(STREET.rglob("*-street.csv"))]:
        assert data_lines(path)[0].decode().rstrip("\r\n").split(",") == HEADER


def test_crlf_files_give_one_row_per_record_with_no_stray_carriage_returns():
    path = sample_street("2025-12")
    lines = data_lines(path)
    assert all(line.endswith(b"\r\n") for line in lines)  # the quirk is really there

    rows, errors, read = read_file(path)

    assert errors == []
    assert read == len(rows) == len(csv_dicts(path)) == len(lines) - 1
    assert not any("\r" in str(value) or "\n" in str(value) for row in rows for value in row.values())


def test_quoted_comma_in_lsoa_name_survives_intact():
    line, expected = csv_line_of(EXCERPT, lambda row: "," in row["LSOA name"])
    assert expected["LSOA name"] == "Bournemouth, Christchurch and Poole 044E"
    raw = data_lines(EXCERPT)[line - 1]
    assert b'"Bournemouth, Christchurch and Poole 044E"' in raw
    assert len(raw.split(b",")) == len(HEADER) + 1  # splitting on commas would break this row

    rows, errors, read = read_file(EXCERPT)

    assert errors == []
    assert read == len(csv_dicts(EXCERPT))
    (row,) = [row for row in rows if row["reference"] == expected["Crime ID"]]
    assert row["lsoa_name"] == "Bournemouth, Christchurch and Poole 044E"
    assert row["lsoa_code"] == expected["LSOA code"]
    assert row["longitude"] == float(expected["Longitude"])
    assert row["latitude"] == float(expected["Latitude"])
    assert row["category"] == CrimeCategory.from_text(expected["Crime type"])
    assert row["outcome"] == expected["Last outcome category"]


def test_crime_id_is_empty_on_asb_rows_and_only_those():
    path = sample_street("2025-03")
    source = csv_dicts(path)
    asb_rows = sum(row["Crime type"] == ASB for row in source)
    assert asb_rows > 0
    assert all((row["Crime ID"] == "") == (row["Crime type"] == ASB) for row in source)

    rows, errors, _ = read_file(path)

    assert errors == []
    blank = [row for row in rows if row["reference"] == ""]
    assert len(blank) == asb_rows
    assert {row["category"] for row in blank} == {CrimeCategory.ANTI_SOCIAL_BEHAVIOUR}
    assert all(row["outcome"] == "" for row in blank)


def test_repeated_crime_ids_in_one_month_stay_separate_rows():
    path = sample_street("2025-05")
    source = csv_dicts(path)
    repeats = repeated(row["Crime ID"] for row in source if row["Crime ID"])
    assert repeats, "the sample month should repeat some Crime IDs"

    rows, errors, _ = read_file(path)

    assert errors == []
    assert len(rows) == len(source)
    parsed = Counter(row["reference"] for row in rows)
    assert {reference: parsed[reference] for reference in repeats} == repeats
    assert len({row["row_key"] for row in rows}) == len(rows)


def test_byte_identical_rows_get_distinct_row_keys():
    path = sample_street("2025-08")
    source = csv_dicts(path)
    assert identical_extra_asb_lines(source) > 0

    rows, _, _ = read_file(path)

    assert len(rows) == len(source)
    assert len({row["row_key"] for row in rows}) == len(source)


def test_no_location_rows_parse_with_null_coordinates_and_empty_lsoa():
    path = sample_street("2025-11")
    no_location = [row for row in csv_dicts(path) if row["Location"] == NO_LOCATION]
    assert no_location

    rows, errors, _ = read_file(path)

    assert errors == []
    parsed = [row for row in rows if row["location"] == NO_LOCATION]
    assert len(parsed) == len(no_location)
    assert all(row["longitude"] is None and row["latitude"] is None for row in parsed)
    assert all(row["lsoa_code"] == "" and row["lsoa_name"] == "" for row in parsed)
    assert Counter(row["category"] for row in parsed) == Counter(
        CrimeCategory.from_text(row["Crime type"]) for row in no_location
    )


def unknown_outcomes(path) -> Counter:
    return Counter(
        row["Last outcome category"]
        for row in csv_dicts(path)
        if row["Last outcome category"] and row["Last outcome category"] not in KNOWN_OUTCOMES
    )


def test_unknown_outcome_values_are_kept_as_they_come():
    path = next(path for path in sorted(STREET.rglob("*-street.csv")) if unknown_outcomes(path))
    unknown = unknown_outcomes(path)

    rows, errors, _ = read_file(path)

    assert errors == []
    assert Counter(row["outcome"] for row in rows if row["outcome"] in unknown) == unknown


def test_later_download_of_a_row_has_the_same_row_key(tmp_path):
    path = sample_street("2025-12")
    line, row = csv_line_of(path, lambda row: row["Last outcome category"] == "Under investigation")
    changed = data_lines(path)[line - 1].decode().replace("Under investigation", "Offender given a caution")
    copy = copy_with_line(path, tmp_path, line, changed.rstrip("\r\n").encode())

    before = {r["row_key"]: r for r in read_file(path)[0]}
    after = {r["row_key"]: r for r in read_file(copy)[0]}

    assert before.keys() == after.keys()
    (key,) = [key for key in before if before[key]["outcome"] != after[key]["outcome"]]
    assert before[key]["reference"] == row["Crime ID"]
    assert after[key]["outcome"] == "Offender given a caution"


# --- bad rows: one corrupted real row is reported with file and line, the rest still parses ---


def corrupt(fields: list[str], how: str) -> list[str]:
    fields = list(fields)
    if how == "too few fields":
        fields = fields[:-1]
    elif how == "too many fields":
        fields = [*fields, "extra"]
    elif how == "bad month":
        fields[1] = "2025-13"
    elif how == "month not YYYY-MM":
        fields[1] = "Dec 2025"
    elif how == "coordinates not numbers":
        fields[4] = "west"
    elif how == "coordinates out of range":
        fields[5] = "151.516"
    elif how == "only one coordinate":
        fields[5] = ""
    elif how == "unknown crime type":
        fields[9] = "Jaywalking"
    elif how == "bad LSOA code":
        fields[7] = "City001A"
    elif how == "NUL byte":
        fields[6] = "On or near \x00 Street"
    elif how == "overlong location":
        fields[6] = "On or near " + "x" * 300
    else:
        raise AssertionError(how)
    return fields


BAD_ROWS = [
    ("too few fields", "expected 12 fields, found 11"),
    ("too many fields", "expected 12 fields, found 13"),
    ("bad month", "Month '2025-13' is not YYYY-MM"),
    ("month not YYYY-MM", "Month 'Dec 2025' is not YYYY-MM"),
    ("coordinates not numbers", "not numbers"),
    ("coordinates out of range", "out of range"),
    ("only one coordinate", "both be given or both be empty"),
    ("unknown crime type", "unknown Crime type 'Jaywalking'"),
    ("bad LSOA code", "LSOA code 'City001A'"),
    ("NUL byte", "NUL"),
    ("overlong location", "Location is longer than 255"),
]


@pytest.mark.parametrize(("how", "message"), BAD_ROWS, ids=[how for how, _ in BAD_ROWS])
def test_bad_row_is_reported_with_file_and_line_and_skipped_whole(tmp_path, how, message):
    source = sample_street("2025-12")
    records = csv_records(source)
    line, _ = csv_line_of(source, lambda row: row["Longitude"] and row["Crime ID"])
    fields = corrupt(list(records[line - 2]), how)
    path = copy_with_line(source, tmp_path, line, ",".join(fields).encode())

    rows, errors, read = read_file(path)

    assert read == len(records)
    assert len(rows) == len(records) - 1
    assert errors == [errors[0]]
    assert errors[0].startswith(f"{path}:{line}: ")
    assert message in errors[0]
    assert "row skipped" in errors[0]
    good = Counter(records[:line - 2] + records[line - 1:])  # fmt: skip
    assert sum(good.values()) == len(rows)


def test_stray_quote_spoils_only_its_own_row(tmp_path):
    source = sample_street("2025-12")
    records = csv_records(source)
    line, row = csv_line_of(source, lambda row: row["Longitude"] and row["Crime ID"])
    broken = data_lines(source)[line - 1].decode().rstrip("\r\n").replace(row["Location"], '"' + row["Location"])
    path = copy_with_line(source, tmp_path, line, broken.encode())

    rows, errors, read = read_file(path)

    assert len(errors) == 1
    assert errors[0].startswith(f"{path}:{line}: ")
    assert read == len(records)
    assert len(rows) == len(records) - 1


def test_undecodable_byte_spoils_only_its_own_row(tmp_path):
    source = sample_street("2025-12")
    records = csv_records(source)
    line, _ = csv_line_of(source, lambda row: row["Longitude"] and row["Crime ID"])
    broken = data_lines(source)[line - 1].rstrip(b"\r\n").replace(b"On or near", b"On or near \xa3\xff")
    path = copy_with_line(source, tmp_path, line, broken)

    rows, errors, read = read_file(path)

    assert len(errors) == 1
    assert errors[0].startswith(f"{path}:{line}: ")
    assert "UTF-8" in errors[0]
    assert read == len(records)
    assert len(rows) == len(records) - 1


def test_bad_rows_far_apart_are_each_reported_with_their_own_line(tmp_path):
    source = sample_street("2025-12")
    records = csv_records(source)
    path = copy_with_line(source, tmp_path, 2, b"garbage")
    last = len(records) + 1
    path = copy_with_line(path, tmp_path, last, b",2025-12,x,y,,,No Location,,,Jaywalking,,")

    rows, errors, read = read_file(path)

    assert [error.split(": ")[0] for error in errors] == [f"{path}:2", f"{path}:{last}"]
    assert len(rows) == len(records) - 2 == read - 2


def test_blank_line_at_the_end_is_not_a_row(tmp_path):
    source = sample_street("2025-12")
    path = tmp_path / source.name
    path.write_bytes(source.read_bytes() + b"\r\n")

    rows, errors, read = read_file(path)

    assert errors == []
    assert read == len(rows) == len(csv_records(source))


# --- whole files that cannot be read ---


def test_missing_file_is_unreadable(tmp_path):
    with pytest.raises(UnreadableFile, match=re.escape(str(tmp_path / "nope-street.csv"))):
        read_file(tmp_path / "nope-street.csv")


def test_wrong_header_is_unreadable(tmp_path):
    source = sample_street("2025-12")
    path = copy_with_line(source, tmp_path, 1, b"reference,occurred_at,recorded_at,category")
    with pytest.raises(UnreadableFile, match=r"not a data\.police\.uk street file"):
        read_file(path)


@pytest.mark.parametrize("content", [b"", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe"], ids=["empty", "binary"])
def test_empty_or_binary_file_is_unreadable(tmp_path, content):
    path = tmp_path / "2025-12-city-of-london-street.csv"
    path.write_bytes(content)
    with pytest.raises(UnreadableFile, match=re.escape(str(path))):
        read_file(path)


def test_header_with_a_byte_order_mark_is_accepted(tmp_path):
    source = sample_street("2025-12")
    path = tmp_path / source.name
    path.write_bytes(b"\xef\xbb\xbf" + source.read_bytes())

    rows, errors, _ = read_file(path)

    assert errors == []
    assert len(rows) == len(csv_records(source))


# --- finding files ---


def test_folders_are_searched_recursively_for_street_files(tmp_path):
    nested = tmp_path / "archive" / "2025-12" / "deeper"
    nested.mkdir(parents=True)
    (nested / "2025-12-city-of-london-street.csv").write_bytes(sample_street("2025-12").read_bytes())
    (tmp_path / "archive" / "2025-11-city-of-london-street.csv").write_bytes(sample_street("2025-11").read_bytes())
    (tmp_path / "archive" / "2025-12-city-of-london-outcomes.csv").write_text("not a street file")
    (tmp_path / "archive" / "notes.txt").write_text("ignored")

    files, problems = find_street_files([tmp_path / "archive"])

    assert problems == []
    assert sorted(path.name for path in files) == [
        "2025-11-city-of-london-street.csv",
        "2025-12-city-of-london-street.csv",
    ]


def test_sample_street_folder_yields_every_month():
    files, problems = find_street_files([STREET])
    assert problems == []
    assert files == sorted(STREET.glob("*/*-street.csv"))


def test_missing_path_and_empty_folder_are_problems(tmp_path):
    (tmp_path / "empty").mkdir()
    files, problems = find_street_files([tmp_path / "missing", tmp_path / "empty"])
    assert files == []
    assert problems == [
        f"{tmp_path / 'missing'}: no such file or folder",
        f"{tmp_path / 'empty'}: no *-street.csv files in this folder",
    ]


def test_a_file_named_twice_is_imported_once(tmp_path):
    path = sample_street("2025-12")
    files, _ = find_street_files([path, path.parent, STREET / "2025-12"])
    assert files == [path]


def test_identical_asb_count_in_the_excerpt_matches_the_parser():
    source = csv_dicts(EXCERPT)
    extra = identical_extra_asb_lines(source)
    assert extra > 0
    rows, _, _ = read_file(EXCERPT)
    asb = [row for row in rows if row["category"] == CrimeCategory.ANTI_SOCIAL_BEHAVIOUR]
    assert len(asb) == sum(row["Crime type"] == ASB for row in source)
    assert len({row["row_key"] for row in asb}) == len(asb)
