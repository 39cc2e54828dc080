"""Build a neighbourhood set from imported public crime data (for demos and new forces).

data.police.uk does not publish neighbourhood boundaries with the street files, so
a force without its own list can start from the LSOAs its crimes fall in: keep the
LSOAs whose crime points lie mostly inside the force outline, and group them by
MSOA (the LSOA name without its final letter) or keep one neighbourhood per LSOA.
"""

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from django.db import transaction
from django.utils.text import slugify

from community.geo import geojson_from_geometry, geometry_from_geojson, read_geojsonl, read_kml_boundary
from community.services.neighbourhoods import neighbourhood_upsert
from crimes.choices import CrimeSource
from crimes.models import Crime
from crimes.services import crimes_assign_neighbourhoods

GROUPINGS = ("msoa", "lsoa")


@dataclass
class BuildReport:
    lsoas_inside: int
    lsoas_outside: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    with_boundary: int = 0
    unassigned_crimes: int = 0

    @property
    def summary(self) -> str:
        return (
            f"{self.lsoas_inside} LSOAs inside the force ({self.lsoas_outside} outside ignored); neighbourhoods: "
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.with_boundary} with a boundary; {self.unassigned_crimes:,} crimes outside every neighbourhood"
        )


def lsoas_inside(force_boundary) -> tuple[dict[str, str], int]:
    """LSOA code -> name for LSOAs whose distinct crime points are mostly inside the outline."""
    rows = list(
        Crime.objects.filter(source=CrimeSource.POLICE_UK)
        .exclude(lsoa_code="")
        .exclude(latitude=None)
        .values_list("lsoa_code", "lsoa_name", "longitude", "latitude")
        .distinct()
    )
    if not rows:
        return {}, 0
    codes, names, lons, lats = zip(*rows, strict=True)
    inside = shapely.contains_xy(force_boundary, np.array(lons), np.array(lats))
    votes: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for code, is_inside in zip(codes, inside, strict=True):
        votes[code][0 if is_inside else 1] += 1
    name_of = dict(zip(codes, names, strict=True))
    kept = {code: name_of[code] for code, (yes, no) in votes.items() if yes > no}
    return kept, len(votes) - len(kept)


def group_name(lsoa_name: str, group: str) -> str:
    return lsoa_name[:-1].rstrip() if group == "msoa" else lsoa_name


def union_boundary(lsoa_codes: list[str], polygons_dir: Path | None) -> dict | None:
    """The union of the LSOA polygons, when every one of them is available."""
    if polygons_dir is None:
        return None
    geometries = []
    for code in lsoa_codes:
        path = polygons_dir / f"{code}.geojsonl"
        if not path.exists():
            return None
        geometries += [geometry_from_geojson(feature["geometry"]) for feature in read_geojsonl(path)]
    return geojson_from_geometry(shapely.union_all(geometries))


@transaction.atomic
def neighbourhoods_build_from_crimes(
    *, actor, force_boundary_path: Path, group: str = "msoa", lsoa_polygons_dir: Path | None = None
) -> BuildReport:
    if group not in GROUPINGS:
        raise ValueError(f"group must be one of {', '.join(GROUPINGS)}")
    kept, outside = lsoas_inside(read_kml_boundary(force_boundary_path))
    groups: dict[str, dict[str, str]] = defaultdict(dict)
    for code, name in kept.items():
        groups[group_name(name, group)][code] = name
    report = BuildReport(lsoas_inside=len(kept), lsoas_outside=outside)
    for name, lsoas in sorted(groups.items()):
        boundary = union_boundary(sorted(lsoas), lsoa_polygons_dir)
        _, outcome = neighbourhood_upsert(actor=actor, code=slugify(name), name=name, lsoas=lsoas, boundary=boundary)
        setattr(report, outcome, getattr(report, outcome) + 1)
        report.with_boundary += boundary is not None
    report.unassigned_crimes = crimes_assign_neighbourhoods(actor=actor)["unassigned"]
    return report
