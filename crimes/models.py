from django.db import models

from community.models.neighbourhoods import Neighbourhood
from crimes.choices import CrimeCategory, CrimeSource
from crimes.querysets import CrimeQuerySet


class Crime(models.Model):
    """A recorded crime: a public data.police.uk row (monthly) or a dated force record.

    `row_key` identifies a row across re-imports. data.police.uk Crime IDs repeat and
    ASB rows have none, so for public rows it is a hash of every field except the
    outcome plus an ordinal among otherwise identical rows (see incidents/importers).
    """

    source = models.CharField(max_length=20, choices=CrimeSource.choices)
    row_key = models.CharField(max_length=120)
    reference = models.CharField(max_length=100, blank=True)
    month = models.DateField(help_text="First day of the month the crime belongs to")
    occurred_at = models.DateTimeField(null=True, blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)
    category = models.CharField(max_length=40, choices=CrimeCategory.choices)
    outcome = models.CharField(max_length=255, blank=True)
    location = models.CharField(max_length=255, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    lsoa_code = models.CharField(max_length=9, blank=True)
    lsoa_name = models.CharField(max_length=100, blank=True)
    force = models.CharField(max_length=100, blank=True)
    # No index of its own: the composite indexes below all start with it, and every
    # extra index slows the bulk import (docs/performance.md).
    neighbourhood = models.ForeignKey(
        Neighbourhood, null=True, blank=True, on_delete=models.SET_NULL, related_name="crimes", db_index=False
    )
    is_demo = models.BooleanField(default=False, help_text="Generated demo data, shown as such")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CrimeQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "-occurred_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "row_key"], name="crime_row_once_per_source"),
        ]
        indexes = [
            # Partial: public monthly rows have no dates, so they cost these indexes nothing.
            models.Index(
                fields=["neighbourhood", "occurred_at"],
                name="crime_nbhd_occurred",
                condition=models.Q(occurred_at__isnull=False),
            ),
            models.Index(
                fields=["neighbourhood", "recorded_at"],
                name="crime_nbhd_recorded",
                condition=models.Q(recorded_at__isnull=False),
            ),
            models.Index(fields=["neighbourhood", "source", "month"], name="crime_nbhd_source_month"),
            models.Index(fields=["source", "month", "force"], name="crime_source_month_force"),
        ]

    def __str__(self):
        when = self.occurred_at.date() if self.occurred_at else self.month.strftime("%Y-%m")
        return f"{self.get_category_display()} {when} {self.location}".strip()

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None
