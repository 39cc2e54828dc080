"""Geometry helpers: which neighbourhood a point or LSOA belongs to, boundary files.

Shapely does the geometry (prepared polygons and an STR-tree), so placing a
point costs microseconds even with hundreds of neighbourhood boundaries.
"""

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

KML_NS = {"kml": "http://earth.google.com/kml/2.1"}


def geometry_from_geojson(geojson: dict | None) -> BaseGeometry | None:
    if not geojson:
        return None
    geometry = shape(geojson)
    return geometry if geometry.is_valid else geometry.buffer(0)


def geojson_from_geometry(geometry: BaseGeometry) -> dict:
    return json.loads(json.dumps(mapping(geometry)))


def read_kml_boundary(path: Path) -> BaseGeometry:
    """The union of every <Polygon> outer ring in a KML file (data.police.uk force outlines)."""
    root = ET.parse(path).getroot()
    polygons = []
    for element in root.iter():
        if element.tag.endswith("Polygon"):
            outer = next(e for e in element.iter() if e.tag.endswith("coordinates"))
            ring = [tuple(float(v) for v in pair.split(",")[:2]) for pair in outer.text.split()]
            polygons.append(shapely.Polygon(ring))
    if not polygons:
        raise ValueError(f"{path}: no polygon found")
    return shapely.union_all(polygons)


def read_geojsonl(path: Path) -> Iterable[dict]:
    """Features from a GeoJSON-lines file (one Feature per line)."""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


class NeighbourhoodLocator:
    """Place a crime or incident: by its LSOA first, then by point in boundary."""

    def __init__(self, lsoa_to_neighbourhood: dict[str, int], boundaries: list[tuple[int, BaseGeometry]]):
        self.lsoa_to_neighbourhood = lsoa_to_neighbourhood
        self.ids = [neighbourhood_id for neighbourhood_id, _ in boundaries]
        self.geometries = [geometry for _, geometry in boundaries]
        for geometry in self.geometries:
            shapely.prepare(geometry)
        self.tree = shapely.STRtree(self.geometries) if self.geometries else None

    @classmethod
    def load(cls, *, with_lsoas: bool = True) -> "NeighbourhoodLocator":
        """`with_lsoas=False` skips the LSOA table when only points will be placed (one incident)."""
        from community.models.neighbourhoods import Neighbourhood, NeighbourhoodLsoa

        lsoas = dict(NeighbourhoodLsoa.objects.values_list("lsoa_code", "neighbourhood_id")) if with_lsoas else {}
        boundaries = [
            (pk, geometry_from_geojson(boundary))
            for pk, boundary in Neighbourhood.objects.exclude(boundary=None).values_list("id", "boundary")
        ]
        return cls(lsoas, boundaries)

    def locate(self, lsoa_code: str = "", longitude: float | None = None, latitude: float | None = None) -> int | None:
        if lsoa_code and lsoa_code in self.lsoa_to_neighbourhood:
            return self.lsoa_to_neighbourhood[lsoa_code]
        if self.tree is None or longitude is None or latitude is None:
            return None
        point = shapely.Point(longitude, latitude)
        for index in self.tree.query(point, predicate="intersects"):
            return self.ids[int(index)]
        return None
