"""Form pieces every app's pages share: the phone's date-and-time input and map-point fields."""

from django import forms

from pcso.geo import LATITUDE_RANGE, LONGITUDE_RANGE

# What <input type="datetime-local"> sends (and shows); the others are what people type
# when a browser has no picker.
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
DATETIME_LOCAL_FORMATS = [DATETIME_LOCAL, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


class LocalDateTimeInput(forms.DateTimeInput):
    """The browser's own date-and-time picker, in local time to the minute."""

    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_LOCAL, **kwargs)


def local_datetime_field(**kwargs) -> forms.DateTimeField:
    return forms.DateTimeField(widget=LocalDateTimeInput(), input_formats=DATETIME_LOCAL_FORMATS, **kwargs)


def coordinate_input() -> forms.NumberInput:
    """Any number of decimals, and the phone's decimal keypad."""
    return forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"})


def point_widgets() -> dict[str, forms.NumberInput]:
    """For a ModelForm's Meta.widgets: the model's own latitude/longitude fields."""
    return {"latitude": coordinate_input(), "longitude": coordinate_input()}


def latitude_form_field(**kwargs) -> forms.FloatField:
    """A latitude on a plain form. forms.FloatField already refuses NaN and infinity."""
    low, high = LATITUDE_RANGE
    return forms.FloatField(min_value=low, max_value=high, widget=coordinate_input(), **kwargs)


def longitude_form_field(**kwargs) -> forms.FloatField:
    low, high = LONGITUDE_RANGE
    return forms.FloatField(min_value=low, max_value=high, widget=coordinate_input(), **kwargs)
