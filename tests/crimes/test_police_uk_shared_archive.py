"""Larger checks on the multi-month archive in ../shared/data/police_uk (skipped when it is absent)."""

from collections import Counter

import pytest
import shapely

from community.geo import geojson_from_geometry, read_kml_boundary
from community.services.neighbourhoods import neighbourhood_upsert
from crimes.choices import CrimeCategory
from crimes.importers.police_uk import police_uk_import
from crimes.models import Crime
from tests.crimes.helpers import (
    ASB,
    NO_LOCATION,
    csv_dicts,
    identical_extra_asb_lines,
    outcome_changes,
    repeated,
    shared_dir,
)

pytestmark = pytest.mark.django_db


def test_whole_city_of_london_archive_keeps_every_row_and_a_newer_download_only_updates():
    street = shared_dir("street")
    files = sorted(street.rglob("*-city-of-london-street.csv"))
    by_file = {path: csv_dicts(path) for path in files}
    rows = [row for source in by_file.values() for row in source]
    repeated_ids = {path: repeated(r["Crime ID"] for r in source if r["Crime ID"]) for path, source in by_file.items()}
    assert sum(len(ids) for ids in repeated_ids.values()) > 0
    assert sum(identical_extra_asb_lines(source) for source in by_file.values()) > 0

    report = police_uk_import(actor=None, paths=files)

    assert report.errors == report.unreadable == []
    assert report.files == len(files)
    assert report.created == Crime.objects.count() == len(rows)
    assert Crime.objects.filter(category=CrimeCategory.ANTI_SOCIAL_BEHAVIOUR).count() == sum(
        row["Crime type"] == ASB for row in rows
    )
    assert Crime.objects.filter(reference="").count() == sum(row["Crime ID"] == "" for row in rows)
    assert Crime.objects.filter(location=NO_LOCATION, latitude=None, lsoa_code="").count() == sum(
        row["Location"] == NO_LOCATION for row in rows
    )
    stored_repeats = Counter(
        Crime.objects.filter(reference__in={ref for ids in repeated_ids.values() for ref in ids}).values_list(
            "reference", flat=True
        )
    )
    assert stored_repeats == Counter({ref: n for ids in repeated_ids.values() for ref, n in ids.items()})
    # No neighbourhoods exist: everything is kept, nothing is placed.
    assert report.unassigned == len(rows)

    alt = shared_dir("street_alt_vintage")
    newer = sorted(alt.rglob("*-street.csv"))
    again = police_uk_import(actor=None, paths=[*files, alt])

    assert again.created == 0
    assert again.updated == sum(outcome_changes(street / p.parent.name / p.name, p) for p in newer) > 0
    assert Crime.objects.count() == len(rows)


def test_bedfordshire_months_keep_quoted_commas_identical_asb_rows_and_far_away_points():
    street = shared_dir("street")
    # Fields are quoted only when they hold a comma, so a quote mark finds the months to check.
    files = [path for path in sorted(street.rglob("*-bedfordshire-street.csv")) if b'"' in path.read_bytes()]
    assert files, "the Bedfordshire archive has LSOA names with commas (2024-04, 2024-05)"
    rows = [row for path in files for row in csv_dicts(path)]
    assert all(any("," in row["LSOA name"] for row in csv_dicts(path)) for path in files)
    outline = read_kml_boundary(shared_dir("boundaries", "force", "bedfordshire.kml"))
    force, _ = neighbourhood_upsert(
        actor=None, code="bedfordshire", name="Bedfordshire", lsoas={}, boundary=geojson_from_geometry(outline)
    )
    located = [row for row in rows if row["Longitude"]]
    inside = shapely.contains_xy(
        outline, [float(row["Longitude"]) for row in located], [float(row["Latitude"]) for row in located]
    )
    far_away = [row for row, is_inside in zip(located, inside, strict=True) if not is_inside]
    assert far_away

    report = police_uk_import(actor=None, paths=files)

    assert report.errors == []
    assert Crime.objects.count() == len(rows)
    assert Counter(Crime.objects.filter(lsoa_name__contains=",").values_list("lsoa_name", flat=True)) == Counter(
        row["LSOA name"] for row in rows if "," in row["LSOA name"]
    )
    assert Crime.objects.filter(category=CrimeCategory.ANTI_SOCIAL_BEHAVIOUR).count() == sum(
        row["Crime type"] == ASB for row in rows
    )
    assert sum(identical_extra_asb_lines(csv_dicts(path)) for path in files) > 0
    # Points outside the force outline are kept, with their coordinates, and left unassigned.
    assert force.crimes.count() == int(inside.sum())
    assert report.unassigned == len(rows) - int(inside.sum())
    assert Crime.objects.filter(neighbourhood=None).exclude(latitude=None).count() == len(far_away)
    southernmost = min(far_away, key=lambda row: float(row["Latitude"]))
    assert Crime.objects.filter(
        latitude=float(southernmost["Latitude"]), lsoa_code=southernmost["LSOA code"], neighbourhood=None
    ).exists()
