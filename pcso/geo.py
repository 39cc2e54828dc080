"""Map points, written once: a latitude and a longitude in WGS84 degrees, both or neither.

Models take their fields and constraint from here, forms (pcso.forms) and the API
(pcso.api) their input fields, importers and services the range and the both-or-neither
check, so a point is refused for the same reasons whichever door it came in by.
"""

import math

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

LATITUDE_RANGE = (-90, 90)
LONGITUDE_RANGE = (-180, 180)
BOTH_OR_NEITHER = "Give both latitude and longitude, or neither."


def latitude_field(*, optional: bool = True) -> models.FloatField:
    return coordinate_field(LATITUDE_RANGE, optional=optional)


def longitude_field(*, optional: bool = True) -> models.FloatField:
    return coordinate_field(LONGITUDE_RANGE, optional=optional)


def coordinate_field(bounds: tuple[int, int], *, optional: bool) -> models.FloatField:
    low, high = bounds
    validators = [MinValueValidator(low), MaxValueValidator(high)]
    return models.FloatField(null=optional, blank=optional, validators=validators)


def point_constraint(name: str) -> models.CheckConstraint:
    """The database's half of the both-or-neither rule (the model's clean() gives the words)."""
    return models.CheckConstraint(
        name=name,
        condition=Q(latitude__isnull=True, longitude__isnull=True) | Q(latitude__isnull=False, longitude__isnull=False),
    )


def half_point_errors(latitude: float | None, longitude: float | None) -> dict[str, str]:
    """{field: message} when only one coordinate is given, on the one that is missing; else {}."""
    if (latitude is None) == (longitude is None):
        return {}
    return {"longitude" if longitude is None else "latitude": BOTH_OR_NEITHER}


def in_range(latitude: float, longitude: float) -> bool:
    """A real place: finite numbers within the ranges (NaN and infinity are not)."""
    return (
        math.isfinite(latitude)
        and math.isfinite(longitude)
        and LATITUDE_RANGE[0] <= latitude <= LATITUDE_RANGE[1]
        and LONGITUDE_RANGE[0] <= longitude <= LONGITUDE_RANGE[1]
    )


def parse_point(lat: str, lon: str) -> tuple[float | None, float | None]:
    """A point from text (a CSV row): (None, None) when both are empty; ValueError saying why not."""
    lat, lon = lat.strip(), lon.strip()
    if not lat and not lon:
        return None, None
    if not lat or not lon:
        raise ValueError("latitude and longitude must both be given or both be empty")
    try:
        latitude, longitude = float(lat), float(lon)
    except ValueError as exc:
        raise ValueError(f"latitude/longitude {lat!r}, {lon!r} are not numbers") from exc
    if not in_range(latitude, longitude):
        raise ValueError(f"latitude/longitude {lat}, {lon} are out of range")
    return latitude, longitude
