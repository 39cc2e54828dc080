from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from community.models.neighbourhoods import Neighbourhood
from incidents.choices import FINISHED_STATUSES, AsbQualifier, IncidentCategoryGroup, IncidentStatus, PersonRole
from incidents.querysets import IncidentPersonQuerySet, IncidentQuerySet
from pcso.geo import half_point_errors, latitude_field, longitude_field, point_constraint
from pcso.models import ReferenceItem

# A typo guard (year 0202 for 2025), and far-past dates break time-zone arithmetic.
EARLIEST_OCCURRENCE = datetime(1900, 1, 1, tzinfo=UTC)


class IncidentCategory(ReferenceItem):
    """An NSIR-style incident category, used both as opening and as closing category."""

    group = models.CharField(max_length=20, choices=IncidentCategoryGroup.choices)
    is_asb = models.BooleanField(default=False, help_text="Incidents in it need an ASB qualifier")

    class Meta(ReferenceItem.Meta):
        verbose_name_plural = "incident categories"


class AsbSubtype(ReferenceItem):
    """An optional anti-social behaviour sub-type heading (DOMAIN §4)."""

    class Meta(ReferenceItem.Meta):
        verbose_name = "ASB sub-type"


class Incident(models.Model):
    """Something reported to or seen by the neighbourhood team, recorded under NSIR.

    `version` counts changes: it is the ETag of the API and the hidden field of the
    edit page, so two people editing one incident never overwrite each other.
    """

    opening_category = models.ForeignKey(IncidentCategory, on_delete=models.PROTECT, related_name="+")
    closing_category = models.ForeignKey(
        IncidentCategory, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    asb_qualifier = models.CharField(max_length=20, choices=AsbQualifier.choices, blank=True)
    asb_subtype = models.ForeignKey(AsbSubtype, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField()
    location_text = models.CharField(max_length=255, blank=True)
    # Normalised location_text, so "12 High St." and "12 high st" are one place.
    location_key = models.CharField(max_length=255, blank=True, editable=False)
    latitude = latitude_field()
    longitude = longitude_field()
    neighbourhood = models.ForeignKey(
        Neighbourhood, null=True, blank=True, on_delete=models.SET_NULL, related_name="incidents"
    )
    account = models.TextField(max_length=4000, help_text="What happened, in short")
    # The neighbourhood's PACT priority it bears on ("you said, we did"). The link lives here
    # because incidents may depend on community, never the reverse (docs/architecture.md).
    priority = models.ForeignKey(
        "community.Priority", null=True, blank=True, on_delete=models.SET_NULL, related_name="incidents"
    )
    # THRIVE at first contact (DOMAIN §4): a short free-text judgement for each.
    thrive_threat = models.TextField("Threat", max_length=1000, blank=True)
    thrive_harm = models.TextField("Harm", max_length=1000, blank=True)
    thrive_risk = models.TextField("Risk", max_length=1000, blank=True)
    thrive_investigation = models.TextField("Investigation", max_length=1000, blank=True)
    thrive_vulnerability = models.TextField("Vulnerability", max_length=1000, blank=True)
    thrive_engagement = models.TextField("Engagement", max_length=1000, blank=True)
    status = models.CharField(max_length=20, choices=IncidentStatus.choices, default=IncidentStatus.OPEN)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="assigned_incidents"
    )
    # Set when the incident is logged (and when its place changes), from earlier incidents.
    repeat_location = models.BooleanField(default=False)
    repeat_person = models.BooleanField(default=False, help_text="Repeat victim or caller")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        constraints = [
            point_constraint("incident_point_has_both_coordinates"),
            models.CheckConstraint(
                name="incident_finished_has_closing_category",
                condition=~Q(status__in=FINISHED_STATUSES) | Q(closing_category__isnull=False),
            ),
            models.CheckConstraint(
                name="incident_assigned_has_assignee",
                condition=~Q(status__in=[IncidentStatus.ASSIGNED, IncidentStatus.IN_PROGRESS])
                | Q(assignee__isnull=False),
            ),
            models.CheckConstraint(name="incident_status_valid", condition=Q(status__in=IncidentStatus.values)),
        ]
        indexes = [
            models.Index(fields=["neighbourhood", "status", "occurred_at"], name="incident_nbhd_status"),
            models.Index(fields=["location_key", "occurred_at"], name="incident_location_key"),
            models.Index(fields=["latitude", "longitude"], name="incident_point"),
        ]

    def __str__(self):
        return f"{self.reference} {self.opening_category} {self.location_text}".strip()

    @property
    def reference(self) -> str:
        return f"INC-{self.pk:06d}" if self.pk else "INC-new"

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def is_active(self) -> bool:
        return self.status not in FINISHED_STATUSES

    def clean(self):
        errors = half_point_errors(self.latitude, self.longitude)
        if not self.location_text.strip() and not self.has_point:
            errors["location_text"] = "Type a location or pick the place on the map."
        if self.occurred_at and self.occurred_at > timezone.now() + timedelta(minutes=5):
            errors["occurred_at"] = "That is in the future: give when it happened."
        if self.occurred_at and self.occurred_at < EARLIEST_OCCURRENCE:
            errors["occurred_at"] = "That is too long ago: check the year."
        if self.priority_id and self.priority.neighbourhood_id != self.neighbourhood_id:
            errors["priority"] = "That priority belongs to another neighbourhood than the incident."
        category = self.opening_category if self.opening_category_id else None
        if category and category.is_asb and not self.asb_qualifier:
            errors["asb_qualifier"] = "Choose personal, nuisance or environmental for anti-social behaviour."
        if category and not category.is_asb and (self.asb_qualifier or self.asb_subtype_id):
            errors["asb_qualifier"] = "Only anti-social behaviour takes a qualifier and sub-type."
        if errors:
            raise ValidationError(errors)


class IncidentPerson(models.Model):
    """Who reported an incident or was affected by it, kept minimal (name, contact, role).

    `person_key` is the normalised name and contact; the same key on an earlier
    incident in the window makes a repeat victim or caller.
    """

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(max_length=20, choices=PersonRole.choices)
    name = models.CharField(max_length=200)
    contact = models.CharField(max_length=200, blank=True, help_text="Phone number or email")
    person_key = models.CharField(max_length=400, blank=True, editable=False, db_index=True)

    objects = IncidentPersonQuerySet.as_manager()

    class Meta:
        ordering = ["incident", "id"]
        verbose_name = "person in an incident"
        verbose_name_plural = "people in incidents"

    def __str__(self):
        return f"{self.name} ({self.get_role_display().lower()})"
