from django.urls import path

from . import views

app_name = "incidents"

urlpatterns = [
    path("", views.crime_index, name="crime-list"),
]
