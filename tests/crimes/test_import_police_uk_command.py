"""The `import_police_uk PATH [PATH ...]` command (API.md contract)."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import AuditEvent
from crimes.models import Crime
from tests.crimes.helpers import (
    ALT_VINTAGE,
    copy_file,
    copy_with_line,
    csv_line_of,
    csv_records,
    outcome_changes,
    sample_street,
)

pytestmark = pytest.mark.django_db

SUMMARY = re.compile(
    r"^Imported (?P<files>\d+) file\(s\), (?P<rows>[\d,]+) rows: (?P<created>[\d,]+) created, "
    r"(?P<updated>[\d,]+) updated, (?P<unchanged>[\d,]+) unchanged, (?P<bad>[\d,]+) bad rows skipped, "
    r"(?P<unassigned>[\d,]+) outside every neighbourhood(, (?P<unreadable>\d+) file\(s\) unreadable)?$"
)


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_police_uk", *[str(arg) for arg in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def summary(stdout: str) -> dict[str, int]:
    """The one summary line, as numbers. Fails unless stdout is exactly that one line."""
    lines = stdout.splitlines()
    assert len(lines) == 1, stdout
    match = SUMMARY.match(lines[0])
    assert match, lines[0]
    return {name: int((value or "0").replace(",", "")) for name, value in match.groupdict().items()}


def test_command_ends_with_one_summary_line_naming_the_counts(north, south):
    path = sample_street("2025-12")
    rows = len(csv_records(path))

    out, err = run(path)

    counts = summary(out)
    assert counts["files"] == 1
    assert counts["rows"] == counts["created"] == rows == Crime.objects.count()
    assert (counts["updated"], counts["unchanged"], counts["bad"], counts["unreadable"]) == (0, 0, 0, 0)
    assert counts["unassigned"] == Crime.objects.filter(neighbourhood=None).count()
    assert err == ""


def test_running_the_command_twice_changes_nothing(north):
    path = sample_street("2025-12")
    run(path)
    count = Crime.objects.count()

    counts = summary(run(path)[0])

    assert (counts["created"], counts["updated"], counts["unchanged"]) == (0, 0, count)
    assert Crime.objects.count() == count


def test_folder_of_newer_downloads_updates_outcomes(tmp_path):
    months = ["2025-10", "2025-11", "2025-12"]
    for month in months:
        run(sample_street(month))
    count = Crime.objects.count()

    counts = summary(run(ALT_VINTAGE)[0])

    assert counts["files"] == len(months)
    assert counts["created"] == 0
    assert counts["updated"] == sum(
        outcome_changes(sample_street(m), ALT_VINTAGE / m / sample_street(m).name) for m in months
    )
    assert Crime.objects.count() == count


def test_bad_rows_go_to_stderr_with_file_and_line_and_the_command_still_succeeds(tmp_path):
    source = sample_street("2025-12")
    line, row = csv_line_of(source, lambda row: row["Crime ID"] != "")
    bad = ",".join(value if name != "Month" else "2025-13" for name, value in row.items())
    path = copy_with_line(source, tmp_path, line, bad.encode())

    out, err = run(path)

    counts = summary(out)
    assert counts["bad"] == 1
    assert counts["created"] == len(csv_records(source)) - 1
    assert err.splitlines() == [f"{path}:{line}: Month '2025-13' is not YYYY-MM; row skipped"]


def test_folder_arguments_are_searched_recursively(tmp_path):
    copy_file(sample_street("2025-11"), tmp_path / "archive" / "2025-11")
    copy_file(sample_street("2025-12"), tmp_path / "archive" / "deep" / "er" / "2025-12")
    (tmp_path / "archive" / "README.txt").write_text("not crime data")
    (tmp_path / "archive" / "2025-12-city-of-london-outcomes.csv").write_text("Crime ID,Month\r\n")

    counts = summary(run(tmp_path / "archive")[0])

    assert counts["files"] == 2
    assert counts["created"] == len(csv_records(sample_street("2025-11"))) + len(csv_records(sample_street("2025-12")))
    assert counts["unreadable"] == 0


def test_unreadable_and_missing_paths_are_reported_but_do_not_stop_the_rest(tmp_path):
    good = sample_street("2025-12")
    wrong_header = copy_with_line(good, tmp_path, 1, b"Crime ID,Month", name="2025-11-city-of-london-street.csv")

    out, err = run(tmp_path / "missing", wrong_header, good)

    counts = summary(out)
    assert (counts["files"], counts["unreadable"]) == (1, 2)
    assert counts["created"] == len(csv_records(good))
    assert err.splitlines() == [
        f"{tmp_path / 'missing'}: no such file or folder",
        f"{wrong_header}: not a data.police.uk street file (header is 'Crime ID,Month')",
    ]


@pytest.mark.parametrize("kind", ["missing path", "empty folder", "wrong header", "empty file"])
def test_command_fails_when_nothing_could_be_read(tmp_path, kind):
    if kind == "missing path":
        target = tmp_path / "no-such-street.csv"
    elif kind == "empty folder":
        target = tmp_path / "empty"
        target.mkdir()
    elif kind == "wrong header":
        target = copy_with_line(sample_street("2025-12"), tmp_path, 1, b"code,name,lsoa_code")
    else:
        target = tmp_path / "2025-12-city-of-london-street.csv"
        target.write_bytes(b"")
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError, match="Nothing could be read") as failure:
        call_command("import_police_uk", str(target), stdout=out, stderr=err)

    assert failure.value.returncode != 0
    assert summary(out.getvalue())["files"] == 0
    assert str(target) in err.getvalue()
    assert Crime.objects.count() == 0
    assert not AuditEvent.objects.filter(action="crime.import_police_uk").exists()


def test_command_writes_one_collection_audit_event_per_file_marked_as_a_command():
    paths = [sample_street("2025-11"), sample_street("2025-12")]

    run(*paths)

    events = AuditEvent.objects.filter(action="crime.import_police_uk")
    assert sorted(events.values_list("category", "object_id", "source")) == sorted(
        ("collection", path.name, "command") for path in paths
    )
    assert len(set(events.values_list("request_id", flat=True))) == 1
