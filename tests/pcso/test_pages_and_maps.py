"""Page plumbing written once: a stale edit's form rebased on the record as it is now, and the
map data the shared scripts read."""

import pytest
from django import forms
from django.test import RequestFactory, override_settings

from accounts.models import PartnerAgency
from pcso.maps import map_point, patrol_map, picker_map
from pcso.pages import rebased_form
from tests.factories import AgencyFactory


class AgencyNameForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = PartnerAgency
        fields = ["name"]


@pytest.mark.django_db
def test_a_rebased_form_keeps_what_was_typed_on_top_of_the_current_version():
    agency = AgencyFactory(name="Council")
    PartnerAgency.objects.filter(pk=agency.pk).update(version=agency.version + 1, name="Borough council")
    current = PartnerAgency.objects.get(pk=agency.pk)
    request = RequestFactory().post("/", {"name": "City council", "version": agency.version})

    form = rebased_form(AgencyNameForm, request, current)

    assert form.is_bound and form.instance == current
    assert form.cleaned_data == {"name": "City council", "version": current.version}


class Place:
    def __init__(self, latitude, longitude):
        self.latitude, self.longitude = latitude, longitude


def test_map_point_is_the_records_point_or_none():
    assert map_point(Place(51.5, -0.09)) == [51.5, -0.09]
    assert map_point(Place(None, None)) is None and map_point(None) is None


@override_settings(MAP_TILE_URL="https://tiles.example/{z}/{x}/{y}.png", MAP_TILE_ATTRIBUTION="Example")
def test_the_maps_carry_the_configured_tiles_and_what_they_were_given():
    tiles = {"url": "https://tiles.example/{z}/{x}/{y}.png", "attribution": "Example"}
    assert picker_map(point=[51.5, -0.09]) == {
        "boundaries": [], "point": [51.5, -0.09], "points": [], "asb_categories": [], "tiles": tiles,
    }  # fmt: skip
    point = {"latitude": 1, "longitude": 2}
    drawn = patrol_map(plans=iter([{"label": "P1"}]), points=[point])
    assert drawn == {"plans": [{"label": "P1"}], "visits": [], "points": [point], "tiles": tiles}
