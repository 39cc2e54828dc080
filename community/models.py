import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from .choices import AssignmentKind
from .querysets import NeighbourhoodQuerySet

LSOA_CODE_RE = r"^[EW]0\d{7}$"


def validate_lsoa_code(value: str) -> None:
    if not re.fullmatch(LSOA_CODE_RE, value or ""):
        raise ValidationError(f"{value!r} is not an LSOA code (like E01000001).")


class Neighbourhood(models.Model):
    """A neighbourhood team's patch: a set of LSOAs and/or a boundary polygon."""

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=200)
    # GeoJSON geometry (Polygon or MultiPolygon, WGS84 lon/lat). Used to place
    # points whose LSOA is not one of ours, and drawn on maps.
    boundary = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NeighbourhoodQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class NeighbourhoodLsoa(models.Model):
    """Membership of one LSOA in one neighbourhood (an LSOA belongs to at most one)."""

    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, related_name="lsoas")
    lsoa_code = models.CharField(max_length=9, unique=True, validators=[validate_lsoa_code])
    lsoa_name = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["lsoa_code"]
        verbose_name = "neighbourhood LSOA"

    def __str__(self):
        return self.lsoa_code


class Assignment(models.Model):
    """An officer's place in a neighbourhood team: working it, or supervising it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments")
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, related_name="assignments")
    kind = models.CharField(max_length=20, choices=AssignmentKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["neighbourhood", "kind", "user", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "neighbourhood", "kind"], name="one_assignment_per_kind")
        ]

    def __str__(self):
        return f"{self.user} {self.get_kind_display().lower()} {self.neighbourhood}"
