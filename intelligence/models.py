"""Intelligence logs (DOMAIN §6): the report, what it is about, and the restricted source record.

A report never carries who the source is: that is a separate SourceRecord, which only the
intelligence unit can read. The submitted text is kept as `original_text`; what everyone
else reads is `sanitised_text`, written by the intelligence unit when it evaluates the report.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from community.models.neighbourhoods import Neighbourhood
from incidents.models.incidents import EARLIEST_OCCURRENCE, Incident
from incidents.repeats import location_key
from intelligence.choices import (
    Dissemination,
    HandlingCode,
    IntelligenceAssessment,
    LegacyHandling,
    LegacyIntelligence,
    LegacySource,
    LogStatus,
    Priority,
    SourceEvaluation,
    SubjectKind,
)
from intelligence.querysets import IntelligenceLogQuerySet, SourceRecordQuerySet
from pcso.geo import half_point_errors, latitude_field, longitude_field, point_constraint

TEXT_LIMIT = 8000


class IntelligenceLog(models.Model):
    """One intelligence report. `version` is its ETag and the evaluation page's hidden field."""

    status = models.CharField(max_length=10, choices=LogStatus.choices, default=LogStatus.SUBMITTED)
    original_text = models.TextField("What was learned", max_length=TEXT_LIMIT)
    sanitised_text = models.TextField(max_length=TEXT_LIMIT, blank=True)
    occurred_at = models.DateTimeField("When")
    location_text = models.CharField(max_length=255, blank=True)
    latitude = latitude_field()
    longitude = longitude_field()
    neighbourhood = models.ForeignKey(
        Neighbourhood, null=True, blank=True, on_delete=models.SET_NULL, related_name="intelligence_logs"
    )
    # 3x5x2. Blank only on imported legacy reports, which carry a 5x5x5 grade instead.
    source_evaluation = models.CharField(max_length=1, choices=SourceEvaluation.choices, blank=True)
    intelligence_assessment = models.CharField(max_length=1, choices=IntelligenceAssessment.choices, blank=True)
    handling_code = models.CharField(max_length=1, choices=HandlingCode.choices, blank=True)
    handling_conditions = models.TextField(max_length=2000, blank=True)
    # A C report goes into a briefing only when its conditions allow it: the unit says so.
    conditions_permit_briefing = models.BooleanField(default=False)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.LOW)
    dissemination = models.CharField(max_length=12, choices=Dissemination.choices, default=Dissemination.UNIT)
    legacy_source = models.CharField("Legacy source grade", max_length=1, choices=LegacySource.choices, blank=True)
    legacy_intelligence = models.CharField(max_length=1, choices=LegacyIntelligence.choices, blank=True)
    legacy_handling = models.CharField(max_length=1, choices=LegacyHandling.choices, blank=True)
    # The old system's reference of an imported report: re-importing the file changes nothing.
    legacy_reference = models.CharField(max_length=50, blank=True)
    incidents = models.ManyToManyField(Incident, related_name="intelligence_logs", blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    evaluated_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(max_length=2000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = IntelligenceLogQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.CheckConstraint(name="intel_status_valid", condition=Q(status__in=LogStatus.values)),
            models.UniqueConstraint(
                fields=["legacy_reference"], condition=~Q(legacy_reference=""), name="intel_legacy_reference_once"
            ),
            models.CheckConstraint(
                name="intel_graded_or_legacy",
                condition=~Q(legacy_source="")
                | (~Q(source_evaluation="") & ~Q(intelligence_assessment="") & ~Q(handling_code="")),
            ),
            models.CheckConstraint(
                name="intel_c_has_conditions", condition=~Q(handling_code="C") | ~Q(handling_conditions="")
            ),
            models.CheckConstraint(
                name="intel_evaluated_is_sanitised", condition=~Q(status="evaluated") | ~Q(sanitised_text="")
            ),
            models.CheckConstraint(
                name="intel_rejected_has_reason", condition=~Q(status="rejected") | ~Q(rejection_reason="")
            ),
            point_constraint("intel_point_has_both_coordinates"),
        ]
        indexes = [
            models.Index(fields=["neighbourhood", "status", "evaluated_at"], name="intel_nbhd_evaluated"),
            models.Index(fields=["status", "submitted_at"], name="intel_status_submitted"),
        ]

    def __str__(self):
        return self.reference

    def clean(self):
        errors = half_point_errors(self.latitude, self.longitude)
        if self.occurred_at and self.occurred_at < EARLIEST_OCCURRENCE:
            errors["occurred_at"] = "That is too long ago: check the year."
        if errors:
            raise ValidationError(errors)

    @property
    def reference(self) -> str:
        return f"INT-{self.pk:06d}" if self.pk else "INT-new"

    @property
    def grading(self) -> str:
        """ "1/B/P", or the legacy "B/2/4" for an imported old report."""
        if self.is_legacy:
            return f"{self.legacy_source}/{self.legacy_intelligence}/{self.legacy_handling}"
        return f"{self.source_evaluation}/{self.intelligence_assessment}/{self.handling_code}"

    @property
    def grading_words(self) -> str:
        if self.is_legacy:
            parts = [
                self.get_legacy_source_display(),
                self.get_legacy_intelligence_display(),
                self.get_legacy_handling_display(),
            ]
            return "Legacy 5x5x5: " + "; ".join(parts)
        parts = [
            f"Source: {self.get_source_evaluation_display()}",
            f"Intelligence: {self.get_intelligence_assessment_display()}",
            f"Handling: {self.get_handling_code_display()}",
        ]
        return "; ".join(parts)

    @property
    def is_legacy(self) -> bool:
        return bool(self.legacy_source)

    @property
    def has_conditions(self) -> bool:
        return self.handling_code == HandlingCode.CONDITIONS

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def is_evaluated(self) -> bool:
        return self.status == LogStatus.EVALUATED

    @property
    def was_sanitised(self) -> bool:
        """The unit changed the text: the original then differs from what readers see."""
        return bool(self.sanitised_text) and self.sanitised_text != self.original_text


def subject_key(kind: str, text: str) -> str:
    """Search form of a subject: "12, High Street" -> "12 high st"; registrations lose their
    spaces, so "AB12 CDE" and "ab12cde" are one vehicle."""
    if kind == SubjectKind.VEHICLE:
        return re.sub(r"[^a-z0-9]", "", (text or "").lower())
    return location_key(text)


class IntelligenceSubject(models.Model):
    """A person, place or vehicle the report is about, as written; `key` is for search."""

    log = models.ForeignKey(IntelligenceLog, on_delete=models.CASCADE, related_name="subjects")
    kind = models.CharField(max_length=10, choices=SubjectKind.choices)
    text = models.CharField(max_length=200)
    key = models.CharField(max_length=200, editable=False)

    class Meta:
        ordering = ["log", "kind", "id"]
        indexes = [models.Index(fields=["kind", "key"], name="intel_subject_kind_key")]
        constraints = [
            models.CheckConstraint(name="intel_subject_kind_valid", condition=Q(kind__in=SubjectKind.values))
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text}"


class SourceRecord(models.Model):
    """Who the source is, kept apart from the report. Only the intelligence unit reads it,
    always with a reason, and every read is an audited consultation."""

    log = models.OneToOneField(IntelligenceLog, on_delete=models.PROTECT, related_name="source_record")
    name = models.CharField("Source's name", max_length=200)
    contact = models.CharField("How to reach the source", max_length=200, blank=True)
    relationship = models.TextField("How the source knows", max_length=1000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SourceRecordQuerySet.as_manager()

    def __str__(self):
        # Never the name: this string lands in audit rows and admin lists.
        return f"Source record of INT-{self.log_id:06d}"
