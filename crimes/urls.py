"""Recorded crime pages."""

from django.urls import path

from crimes import views as crimes

app_name = "crimes"

urlpatterns = [
    path("crimes/", crimes.crime_index, name="crime-list"),
]
