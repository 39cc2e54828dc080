"""Map points written once (pcso.geo, pcso.forms, pcso.api): every door refuses the same points."""

import math

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from rest_framework.exceptions import ValidationError as ApiValidationError

from pcso.api import latitude_api_field, longitude_api_field
from pcso.forms import latitude_form_field, longitude_form_field
from pcso.geo import (
    BOTH_OR_NEITHER,
    half_point_errors,
    in_range,
    latitude_field,
    longitude_field,
    parse_point,
    point_constraint,
)

OUT_OF_RANGE_LATITUDES = [91, -90.5, math.nan, math.inf, -math.inf]
OUT_OF_RANGE_LONGITUDES = [180.01, -181, math.nan, math.inf]


@pytest.mark.parametrize("latitude", OUT_OF_RANGE_LATITUDES)
def test_in_range_refuses_latitudes_off_the_globe_and_non_numbers(latitude):
    assert not in_range(latitude, 0.0)


@pytest.mark.parametrize("longitude", OUT_OF_RANGE_LONGITUDES)
def test_in_range_refuses_longitudes_off_the_globe_and_non_numbers(longitude):
    assert not in_range(51.5, longitude)


def test_in_range_accepts_the_edges_of_the_globe():
    assert in_range(90, 180) and in_range(-90, -180) and in_range(51.5145, -0.0925)


def test_half_a_point_is_an_error_on_the_missing_coordinate():
    assert half_point_errors(None, None) == {} and half_point_errors(51.5, -0.09) == {}
    assert half_point_errors(51.5, None) == {"longitude": BOTH_OR_NEITHER}
    assert half_point_errors(None, -0.09) == {"latitude": BOTH_OR_NEITHER}


@pytest.mark.parametrize(
    ("lat", "lon", "problem"),
    [("91", "0", "out of range"), ("nan", "0", "out of range"), ("inf", "0", "out of range"),
     ("north", "0", "not numbers"), ("51.5", "", "both be given")],
)  # fmt: skip
def test_parse_point_says_what_is_wrong_with_a_typed_point(lat, lon, problem):
    with pytest.raises(ValueError, match=problem):
        parse_point(lat, lon)


def test_parse_point_reads_a_point_or_none():
    assert parse_point(" 51.5 ", "-0.09") == (51.5, -0.09)
    assert parse_point("", " ") == (None, None)


@pytest.mark.parametrize("typed", ["91", "-91", "nan", "inf", "-inf", "north"])
def test_the_form_field_refuses_a_latitude_off_the_globe(typed):
    with pytest.raises(ValidationError):
        latitude_form_field(required=False).clean(typed)


@pytest.mark.parametrize("typed", ["181", "nan", "inf"])
def test_the_form_field_refuses_a_longitude_off_the_globe(typed):
    with pytest.raises(ValidationError):
        longitude_form_field(required=False).clean(typed)


def test_the_form_fields_accept_a_point_and_blank():
    assert latitude_form_field(required=False).clean("51.5145") == 51.5145
    assert longitude_form_field(required=False).clean("") is None


@pytest.mark.parametrize("sent", [91, -91, math.nan, math.inf, "NaN", "Infinity", "north"])
def test_the_api_field_refuses_a_latitude_off_the_globe(sent):
    field = latitude_api_field(required=False, allow_null=True)
    with pytest.raises(ApiValidationError):
        field.run_validation(sent)


@pytest.mark.parametrize("sent", [181, math.nan, -math.inf])
def test_the_api_field_refuses_a_longitude_off_the_globe(sent):
    with pytest.raises(ApiValidationError):
        longitude_api_field().run_validation(sent)


def test_the_api_fields_accept_a_point_and_null():
    assert latitude_api_field().run_validation("51.5") == 51.5
    assert longitude_api_field(required=False, allow_null=True).run_validation(None) is None


def test_the_model_fields_are_the_ones_the_migrations_already_have():
    """Same deconstruction as the hand-written fields they replace, so no migration."""
    optional = models.FloatField(null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)])
    required = models.FloatField(validators=[MinValueValidator(-180), MaxValueValidator(180)])
    assert latitude_field().deconstruct()[1:] == optional.deconstruct()[1:]
    assert longitude_field(optional=False).deconstruct()[1:] == required.deconstruct()[1:]


def test_the_point_constraint_is_the_one_the_migrations_already_have():
    hand_written = models.CheckConstraint(
        name="incident_point_has_both_coordinates",
        condition=Q(latitude__isnull=True, longitude__isnull=True) | Q(latitude__isnull=False, longitude__isnull=False),
    )
    assert point_constraint("incident_point_has_both_coordinates") == hand_written
