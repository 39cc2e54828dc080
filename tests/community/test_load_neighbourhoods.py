"""`load_neighbourhoods FILE.csv` (API.md): header code,name,lsoa_code, one row per LSOA.

Idempotent upsert; bad rows reported by line; already-imported crimes move into
the neighbourhood. LSOA codes are the six real City of London LSOAs.
"""

import csv
import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.choices import Category
from audit.models import AuditEvent
from community.models.neighbourhoods import Neighbourhood, NeighbourhoodLsoa
from community.services.neighbourhoods import neighbourhoods_load_csv
from crimes.importers.police_uk import police_uk_import
from crimes.models import Crime
from tests.crimes.helpers import LSOA_POLYGONS, csv_dicts, sample_street

pytestmark = pytest.mark.django_db

LSOAS = sorted(path.stem for path in LSOA_POLYGONS.glob("*.geojsonl"))
WEST, EAST = LSOAS[:3], LSOAS[3:]
SUMMARY = re.compile(
    r"^Loaded neighbourhoods: (?P<created>\d+) created, (?P<updated>\d+) updated, (?P<unchanged>\d+) unchanged; "
    r"(?P<lsoas>\d+) LSOAs; (?P<bad>\d+) bad rows skipped; crimes: (?P<placed>[\d,]+) placed, "
    r"(?P<unassigned>[\d,]+) unassigned$"
)


def write_csv(folder, rows, header=("code", "name", "lsoa_code"), name="neighbourhoods.csv", encoding="utf-8"):
    path = folder / name
    with open(path, "w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def standard_rows(west=WEST, east=EAST):
    return [("west", "City West", code) for code in west] + [("east", "City East", code) for code in east]


def load(path) -> tuple[dict[str, int], list[str]]:
    out, err = StringIO(), StringIO()
    call_command("load_neighbourhoods", str(path), stdout=out, stderr=err)
    (line,) = out.getvalue().splitlines()
    match = SUMMARY.match(line)
    assert match, line
    return {name: int(value.replace(",", "")) for name, value in match.groupdict().items()}, err.getvalue().splitlines()


def memberships() -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for code, lsoa in NeighbourhoodLsoa.objects.order_by("lsoa_code").values_list("neighbourhood__code", "lsoa_code"):
        result.setdefault(code, []).append(lsoa)
    return result


def test_load_creates_neighbourhoods_with_their_lsoas(tmp_path):
    counts, errors = load(write_csv(tmp_path, standard_rows()))

    assert errors == []
    assert (counts["created"], counts["updated"], counts["unchanged"], counts["lsoas"]) == (2, 0, 0, len(LSOAS))
    assert dict(Neighbourhood.objects.values_list("code", "name")) == {"west": "City West", "east": "City East"}
    assert memberships() == {"west": WEST, "east": EAST}


def test_loading_the_same_file_again_changes_nothing(tmp_path):
    path = write_csv(tmp_path, standard_rows())
    load(path)
    events = AuditEvent.objects.filter(action__startswith="neighbourhood.").count()
    stamps = dict(Neighbourhood.objects.values_list("code", "updated_at"))

    counts, errors = load(path)

    assert errors == []
    assert (counts["created"], counts["updated"], counts["unchanged"]) == (0, 0, 2)
    assert AuditEvent.objects.filter(action__startswith="neighbourhood.").count() == events
    assert dict(Neighbourhood.objects.values_list("code", "updated_at")) == stamps
    assert memberships() == {"west": WEST, "east": EAST}


@pytest.mark.parametrize("order", ["west first", "east first"])
def test_changed_file_renames_and_moves_lsoas_between_neighbourhoods(tmp_path, order):
    load(write_csv(tmp_path, standard_rows()))
    moved = EAST[0]
    rows = [("west", "City West (Barbican)", code) for code in [*WEST, moved]]
    rows += [("east", "City East", code) for code in EAST[1:]]
    if order == "east first":
        rows.reverse()

    counts, _ = load(write_csv(tmp_path, rows, name="v2.csv"))

    assert (counts["created"], counts["updated"], counts["unchanged"]) == (0, 2, 0)
    assert Neighbourhood.objects.get(code="west").name == "City West (Barbican)"
    assert memberships() == {"west": sorted([*WEST, moved]), "east": EAST[1:]}
    updates = {event.object_repr: event for event in AuditEvent.objects.filter(action="neighbourhood.update")}
    assert set(updates) == {"City West (Barbican)", "City East"}
    assert {event.category for event in updates.values()} == {Category.ALTERATION}
    east = updates["City East"].details
    assert (east["before"]["lsoa_codes"], east["after"]["lsoa_codes"]) == (EAST, EAST[1:])


def test_lsoa_taken_from_a_neighbourhood_not_in_the_file_is_audited_on_it(tmp_path):
    load(write_csv(tmp_path, standard_rows()))

    counts, _ = load(write_csv(tmp_path, [("west", "City West", code) for code in [*WEST, EAST[0]]], name="w.csv"))

    assert (counts["created"], counts["updated"], counts["unchanged"]) == (0, 1, 0)
    event = AuditEvent.objects.get(action="neighbourhood.update", object_repr="City East")
    assert event.details["after"]["lsoa_codes"] == EAST[1:]
    assert event.details["lsoas_moved_to"] == "west"


def test_neighbourhoods_not_in_the_file_are_left_alone(tmp_path):
    load(write_csv(tmp_path, standard_rows()))
    counts, _ = load(write_csv(tmp_path, [row for row in standard_rows() if row[0] == "west"], name="west.csv"))
    assert (counts["created"], counts["updated"], counts["unchanged"]) == (0, 0, 1)
    assert memberships() == {"west": WEST, "east": EAST}


def test_bad_rows_are_reported_by_line_and_skipped(tmp_path):
    rows = [
        ("west", "City West", WEST[0]),  # line 2
        ("west", "", WEST[1]),  # 3: no name
        ("west", "City West", "E0100000X"),  # 4: not an LSOA code
        ("west side!", "City West", WEST[2]),  # 5: not a code
        ("west", "Somewhere Else", WEST[2]),  # 6: same code, another name
        ("east", "City East", WEST[0]),  # 7: LSOA already in west
        ("east", "City East", EAST[0]),  # 8
        ("east", "City East", EAST[0]),  # 9: the same row twice is harmless
        ("x" * 51, "Too long", EAST[1]),  # 10
        ("long", "N" * 201, EAST[2]),  # 11: name longer than the column
    ]
    path = write_csv(tmp_path, rows)

    counts, errors = load(path)

    assert [error.split(": ")[0] for error in errors] == [f"{path}:{n}" for n in (3, 4, 5, 6, 7, 10, 11)]
    assert "required" in errors[0]
    assert "E0100000X" in errors[1]
    assert "west side!" in errors[2]
    assert "already named 'City West'" in errors[3]
    assert f"LSOA {WEST[0]} is already in neighbourhood west" in errors[4]
    assert "200" in errors[6]
    assert counts["bad"] == 7
    assert (counts["created"], counts["lsoas"]) == (2, 2)
    assert memberships() == {"west": [WEST[0]], "east": [EAST[0]]}


def test_excel_byte_order_mark_and_spaces_around_the_header_are_accepted(tmp_path):
    path = write_csv(tmp_path, standard_rows(), header=("code", " name", "lsoa_code "), encoding="utf-8-sig")
    counts, errors = load(path)
    assert errors == []
    assert counts["created"] == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"neighbourhood,lsoa\r\nwest,E01000001\r\n", "header must be code,name,lsoa_code"),
        (b"", "header must be code,name,lsoa_code"),
        (b"code,name,lsoa_code\r\nwest,Caf\xe9 Quarter,E01000001\r\n", "not UTF-8"),
    ],
    ids=["wrong header", "empty", "not UTF-8"],
)
def test_unusable_file_fails_the_command_and_loads_nothing(tmp_path, content, message):
    path = tmp_path / "neighbourhoods.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("load_neighbourhoods", str(path), stdout=StringIO(), stderr=StringIO())
    assert not Neighbourhood.objects.exists()


def test_missing_file_fails_the_command(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("load_neighbourhoods", str(tmp_path / "absent.csv"), stdout=StringIO())


def test_already_imported_crimes_move_into_the_neighbourhoods(tmp_path):
    street = sample_street("2025-12")
    rows = csv_dicts(street)
    police_uk_import(actor=None, paths=[street])
    assert not Crime.objects.filter(neighbourhood__isnull=False).exists()

    counts, _ = load(write_csv(tmp_path, standard_rows()))

    in_west = sum(row["LSOA code"] in WEST for row in rows)
    in_east = sum(row["LSOA code"] in EAST for row in rows)
    assert counts["placed"] == in_west + in_east
    assert counts["unassigned"] == len(rows) - in_west - in_east
    assert Counter(Crime.objects.values_list("neighbourhood__code", flat=True)) == Counter(
        {"west": in_west, "east": in_east, None: len(rows) - in_west - in_east}
    )
    placement = AuditEvent.objects.get(action="crime.assign_neighbourhoods")
    assert placement.category == Category.COMBINATION
    assert placement.details == {"moved": counts["placed"], "unassigned": counts["unassigned"]}

    # Move one LSOA from east to west and drop another from east altogether.
    moved, dropped = EAST[0], EAST[1]
    second = [("west", "City West", code) for code in [*WEST, moved]] + [("east", "City East", EAST[2])]
    counts, _ = load(write_csv(tmp_path, second, name="v2.csv"))

    in_moved = sum(row["LSOA code"] == moved for row in rows)
    in_dropped = sum(row["LSOA code"] == dropped for row in rows)
    assert counts["placed"] == in_moved + in_dropped
    assert Crime.objects.filter(lsoa_code=moved, neighbourhood__code="west").count() == in_moved
    assert Crime.objects.filter(lsoa_code=dropped, neighbourhood=None).count() == in_dropped
    assert counts["unassigned"] == len(rows) - in_west - in_east + in_dropped

    counts, _ = load(write_csv(tmp_path, second, name="v2.csv"))
    assert counts["placed"] == 0


def test_crimes_imported_after_loading_are_placed_at_import(tmp_path):
    neighbourhoods_load_csv(actor=None, path=write_csv(tmp_path, standard_rows()))
    street = sample_street("2025-11")
    rows = csv_dicts(street)

    police_uk_import(actor=None, paths=[street])

    assert Crime.objects.filter(neighbourhood__code="west").count() == sum(row["LSOA code"] in WEST for row in rows)
    assert Crime.objects.filter(neighbourhood__code="east").count() == sum(row["LSOA code"] in EAST for row in rows)
