"""Placing crimes in neighbourhoods: by LSOA first, then by point in a neighbourhood's boundary.

Uses the real ONS LSOA 2021 polygons of the City of London (sample_data/police_uk/boundaries/lsoa21).
"""

from collections import Counter

import pytest
import shapely

from community.geo import NeighbourhoodLocator, geojson_from_geometry, geometry_from_geojson, read_geojsonl
from community.services.neighbourhoods import neighbourhood_upsert
from crimes.importers.police_uk import police_uk_import
from crimes.models import Crime
from crimes.services import crimes_assign_neighbourhoods
from tests.crimes.helpers import LSOA_POLYGONS, NO_LOCATION, csv_dicts, sample_street

pytestmark = pytest.mark.django_db


def polygon(code: str):
    (feature,) = read_geojsonl(LSOA_POLYGONS / f"{code}.geojsonl")
    assert feature["properties"]["LSOA21CD"] == code
    return geometry_from_geojson(feature["geometry"])


def expected_places(rows, *, listed: dict[str, str], boundaries: dict[str, object]) -> Counter:
    """Neighbourhood code (or None) per row: a listed LSOA wins, else the boundary holding the point."""
    places = Counter()
    for row in rows:
        if row["LSOA code"] in listed:
            places[listed[row["LSOA code"]]] += 1
            continue
        place = None
        if row["Longitude"]:
            x, y = float(row["Longitude"]), float(row["Latitude"])
            place = next((code for code, area in boundaries.items() if shapely.contains_xy(area, x, y)), None)
        places[place] += 1
    return places


def stored_places() -> Counter:
    return Counter(Crime.objects.values_list("neighbourhood__code", flat=True))


def test_every_sample_polygon_is_one_feature_named_by_its_file():
    files = sorted(LSOA_POLYGONS.glob("*.geojsonl"))
    assert len(files) == 6
    for path in files:
        (feature,) = read_geojsonl(path)
        assert feature["properties"]["LSOA21CD"] == path.stem
        assert feature["properties"]["LSOA21NM"].startswith("City of London 001")
        assert polygon(path.stem).is_valid


def test_lsoa_wins_over_point_and_boundary_catches_points_whose_lsoa_is_listed_nowhere():
    # Real rows of November 2025 are coded to E01032739 but lie inside E01032740's polygon, and
    # rows coded to a Tower Hamlets LSOA lie inside it too.
    path = sample_street("2025-11")
    rows = csv_dicts(path)
    boundary_area = polygon("E01032740")
    neighbourhood_upsert(actor=None, code="guildhall", name="Guildhall", lsoas={"E01032739": "City of London 001F"})
    neighbourhood_upsert(
        actor=None, code="aldgate", name="Aldgate", lsoas={}, boundary=geojson_from_geometry(boundary_area)
    )
    listed = {"E01032739": "guildhall"}
    expected = expected_places(rows, listed=listed, boundaries={"aldgate": boundary_area})
    coded_here_lying_there = [
        row
        for row in rows
        if row["LSOA code"] == "E01032739"
        and shapely.contains_xy(boundary_area, float(row["Longitude"]), float(row["Latitude"]))
    ]
    caught_by_point = [
        row
        for row in rows
        if row["LSOA code"] not in ("", "E01032739", "E01032740")
        and shapely.contains_xy(boundary_area, float(row["Longitude"]), float(row["Latitude"]))
    ]
    assert coded_here_lying_there and caught_by_point  # the real data has both cases

    report = police_uk_import(actor=None, paths=[path])

    assert stored_places() == expected
    assert report.unassigned == expected[None]
    for row in coded_here_lying_there:
        assert Crime.objects.filter(
            reference=row["Crime ID"], location=row["Location"], neighbourhood__code="guildhall"
        ).exists()
    for row in caught_by_point:
        crime = Crime.objects.filter(reference=row["Crime ID"], location=row["Location"]).first()
        assert crime.neighbourhood.code == "aldgate"
        assert crime.lsoa_code == row["LSOA code"]


def test_no_location_rows_are_never_placed_by_a_boundary():
    everywhere = shapely.box(-180, -90, 180, 90)
    neighbourhood_upsert(actor=None, code="world", name="World", lsoas={}, boundary=geojson_from_geometry(everywhere))
    path = sample_street("2025-12")
    rows = csv_dicts(path)

    report = police_uk_import(actor=None, paths=[path])

    assert report.unassigned == sum(row["Location"] == NO_LOCATION for row in rows) > 0
    assert set(Crime.objects.filter(neighbourhood=None).values_list("location", flat=True)) == {NO_LOCATION}


def test_assigning_after_a_boundary_is_added_moves_imported_crimes_by_point():
    path = sample_street("2025-12")
    rows = csv_dicts(path)
    police_uk_import(actor=None, paths=[path])
    assert stored_places() == Counter({None: len(rows)})
    areas = {code.lower(): polygon(code) for code in ("E01000001", "E01000005")}
    for code, area in areas.items():
        neighbourhood_upsert(actor=None, code=code, name=code, lsoas={}, boundary=geojson_from_geometry(area))
    expected = expected_places(rows, listed={}, boundaries=areas)

    placed = crimes_assign_neighbourhoods(actor=None)

    assert stored_places() == expected
    assert placed == {"moved": len(rows) - expected[None], "unassigned": expected[None]}
    assert crimes_assign_neighbourhoods(actor=None) == {"moved": 0, "unassigned": expected[None]}


def test_locator_reads_lsoas_and_boundaries_from_the_database():
    listed, _ = neighbourhood_upsert(actor=None, code="listed", name="Listed", lsoas={"E01000001": ""})
    drawn, _ = neighbourhood_upsert(
        actor=None, code="drawn", name="Drawn", lsoas={}, boundary=geojson_from_geometry(polygon("E01000005"))
    )
    inside_drawn = polygon("E01000005").representative_point()
    inside_listed = polygon("E01000001").representative_point()

    locator = NeighbourhoodLocator.load()

    assert locator.locate("E01000001") == listed.pk
    assert locator.locate("E01000001", inside_drawn.x, inside_drawn.y) == listed.pk
    assert locator.locate("E01000005", inside_drawn.x, inside_drawn.y) == drawn.pk
    assert locator.locate("", inside_drawn.x, inside_drawn.y) == drawn.pk
    assert locator.locate("", inside_listed.x, inside_listed.y) is None
    assert locator.locate("E01000005") is None
    assert locator.locate("", None, None) is None
