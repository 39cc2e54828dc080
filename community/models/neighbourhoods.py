import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from community.choices import AssignmentKind, PatrolOrigin, PatrolStatus
from community.geo import geometry_from_geojson
from community.querysets import NeighbourhoodQuerySet, PatrolPlanQuerySet, PatrolVisitQuerySet
from pcso.geo import half_point_errors, latitude_field, longitude_field, point_constraint

MAX_PATROL_RADIUS_METRES = 500
MAX_AREA_METRES = 1000
MAX_VISITS_PLANNED = 12
MAX_SHIFT_HOURS = 14

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


def default_visit_minutes() -> int:
    return settings.PATROL_VISIT_MINUTES


class PatrolPlan(models.Model):
    """A supervisor's tasking: short visits to one small place in a shift (DOMAIN §10, Koper curve).

    The place is a point with a radius, or a small polygon (`area`, GeoJSON) around the
    point. `version` counts changes: the API's ETag and the edit page's hidden field.
    Links to ASB cases are made from the incidents side (community never imports it).
    """

    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.PROTECT, related_name="patrol_plans")
    label = models.CharField(max_length=200, help_text="Where, in words: “Cheapside bus stop”")
    latitude = latitude_field(optional=False)
    longitude = longitude_field(optional=False)
    radius_metres = models.PositiveIntegerField(
        default=100, validators=[MinValueValidator(10), MaxValueValidator(MAX_PATROL_RADIUS_METRES)]
    )
    area = models.JSONField(null=True, blank=True, help_text="A small GeoJSON Polygon instead of the circle")
    origin = models.CharField(max_length=20, choices=PatrolOrigin.choices, default=PatrolOrigin.OTHER)
    origin_reason = models.TextField(max_length=1000, blank=True, help_text="Why this place")
    # The briefing hotspot it came from, copied as given (the briefing may be rebuilt).
    hotspot_label = models.CharField(max_length=255, blank=True)
    hotspot_count = models.PositiveIntegerField(null=True, blank=True)
    shift_start = models.DateTimeField()
    shift_end = models.DateTimeField()
    officers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="patrol_plans")
    visits_planned = models.PositiveSmallIntegerField(
        default=4, validators=[MinValueValidator(1), MaxValueValidator(MAX_VISITS_PLANNED)]
    )
    visit_minutes = models.PositiveSmallIntegerField(
        default=default_visit_minutes, validators=[MinValueValidator(5), MaxValueValidator(60)]
    )
    status = models.CharField(max_length=20, choices=PatrolStatus.choices, default=PatrolStatus.PLANNED)
    # The PACT priority this patrol works on ("you said, we did"): set by the supervisor.
    priority = models.ForeignKey(
        "community.Priority", null=True, blank=True, on_delete=models.SET_NULL, related_name="patrols"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = PatrolPlanQuerySet.as_manager()

    class Meta:
        ordering = ["shift_start", "id"]
        constraints = [
            models.CheckConstraint(name="patrol_shift_ends_after_start", condition=Q(shift_end__gt=F("shift_start"))),
            models.CheckConstraint(name="patrol_status_valid", condition=Q(status__in=PatrolStatus.values)),
        ]
        indexes = [models.Index(fields=["neighbourhood", "shift_start"], name="patrol_nbhd_start")]

    def __str__(self):
        return f"{self.reference} {self.label}"

    @property
    def reference(self) -> str:
        return f"PAT-{self.pk:06d}" if self.pk else "PAT-new"

    def clean(self):
        errors = {}
        if self.shift_start and self.shift_end:
            if self.shift_end <= self.shift_start:
                errors["shift_end"] = "The shift must end after it starts."
            elif self.shift_end - self.shift_start > timedelta(hours=MAX_SHIFT_HOURS):
                errors["shift_end"] = f"A patrol plan covers one shift: at most {MAX_SHIFT_HOURS} hours."
            elif (
                self.visits_planned
                and self.visit_minutes
                and (self.shift_end - self.shift_start < timedelta(minutes=self.visits_planned * self.visit_minutes))
            ):
                errors["visits_planned"] = "That many visits of that length do not fit in the shift."
        if self.priority_id and self.neighbourhood_id and self.priority.neighbourhood_id != self.neighbourhood_id:
            errors["priority"] = "That priority belongs to another neighbourhood."
        if self.area is not None:
            problem = small_area_problem(self.area)
            if problem:
                errors["area"] = problem
        if errors:
            raise ValidationError(errors)


def small_area_problem(area) -> str:
    """Why `area` is not a small GeoJSON polygon, or "" if it is one."""
    if not isinstance(area, dict) or area.get("type") != "Polygon":
        return "Give a GeoJSON Polygon."
    try:
        geometry = geometry_from_geojson(area)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return "That is not a valid polygon."
    if geometry is None or geometry.is_empty:
        return "That is not a valid polygon."
    west, south, east, north = geometry.bounds
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        return "Coordinates are longitude, latitude in degrees."
    # ~111 km per degree of latitude; a hotspot is a street corner, not a district.
    if (north - south) * 111_000 > MAX_AREA_METRES or (east - west) * 70_000 > MAX_AREA_METRES:
        return f"A patrol area must be small: at most {MAX_AREA_METRES} metres across."
    return ""


class PatrolVisit(models.Model):
    """One visit by an assigned officer: arrived, left, what they saw. Added, never overwritten.

    `incident_references` are plain text (“INC-000123”): community may not import incidents.
    """

    plan = models.ForeignKey(PatrolPlan, on_delete=models.CASCADE, related_name="visits")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="patrol_visits")
    arrived_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)
    observations = models.TextField(max_length=4000, blank=True, help_text="What you saw")
    incident_references = models.CharField(
        max_length=255, blank=True, help_text="Incidents raised from this visit, e.g. INC-000123"
    )
    latitude = latitude_field()
    longitude = longitude_field()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PatrolVisitQuerySet.as_manager()

    class Meta:
        ordering = ["arrived_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="patrol_visit_leaves_after_arriving",
                condition=Q(left_at__isnull=True) | Q(left_at__gte=F("arrived_at")),
            ),
            point_constraint("patrol_visit_point_has_both_coordinates"),
        ]

    def __str__(self):
        return f"{self.plan.reference} visit {self.arrived_at:%Y-%m-%d %H:%M}"

    @property
    def is_done(self) -> bool:
        return self.left_at is not None

    def clean(self):
        errors = {}
        if self.left_at and self.arrived_at and self.left_at < self.arrived_at:
            errors["left_at"] = "You cannot leave before you arrive."
        errors.update(half_point_errors(self.latitude, self.longitude))
        if errors:
            raise ValidationError(errors)
