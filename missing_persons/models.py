"""Missing-person cases (DOMAIN §5, docs/missing-persons.md).

A case is one episode: one person missing once, linked one-to-one to an incident so it
shares that incident's case notes and audit trail. Risk history, sightings, actions and
the return are rows of their own; the case row holds the current state the lists and the
supervision timer read.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import PartnerAgency
from community.models.neighbourhoods import Neighbourhood
from incidents.models.incidents import Incident
from missing_persons.choices import (
    MissingActionStatus,
    MissingCaseStatus,
    MissingRiskLevel,
    RiskAnswer,
    SightingConfidence,
)
from missing_persons.querysets import MissingPersonCaseQuerySet
from pcso.geo import half_point_errors, latitude_field, longitude_field, point_constraint
from pcso.models import ReferenceItem

ADULT_AGE = 18


class MissingRiskLevelSetting(models.Model):
    """The wording of a risk level and how soon a supervisor must review it again ([data])."""

    level = models.CharField(max_length=20, choices=MissingRiskLevel.choices, unique=True)
    name = models.CharField(max_length=120, help_text="The wording shown, e.g. 'Very low (formerly absent)'")
    guidance = models.TextField(max_length=1000, blank=True)
    review_minutes = models.PositiveIntegerField(help_text="Supervisor review due this long after the last one")
    if_seen = models.TextField(
        "If you see them", max_length=1000, blank=True, help_text="What the briefing tells a reader who sees the person"
    )

    class Meta:
        ordering = ["review_minutes", "id"]
        verbose_name = "missing-person risk level"
        constraints = [
            models.CheckConstraint(name="missing_review_minutes_positive", condition=Q(review_minutes__gte=1)),
        ]

    def __str__(self):
        return self.name


class RiskQuestion(ReferenceItem):
    """One question of the force's missing-person risk questionnaire ([data]: 25 shipped)."""

    class Meta(ReferenceItem.Meta):
        verbose_name = "risk questionnaire question"


class HighRiskChecklistItem(ReferenceItem):
    """What a high-risk case must have in place (senior officer, search adviser, ...) ([data])."""

    children_only = models.BooleanField(default=False, help_text="Only when the person is under 18")

    class Meta(ReferenceItem.Meta):
        verbose_name = "high-risk checklist item"


class MissingPersonCase(models.Model):
    """One missing episode of one person. `version` is the ETag and the page's hidden field."""

    incident = models.OneToOneField(Incident, on_delete=models.PROTECT, related_name="missing_person_case")
    neighbourhood = models.ForeignKey(
        Neighbourhood, null=True, blank=True, on_delete=models.SET_NULL, related_name="missing_person_cases"
    )
    status = models.CharField(max_length=10, choices=MissingCaseStatus.choices, default=MissingCaseStatus.ACTIVE)
    # The person
    name = models.CharField(max_length=200)
    date_of_birth = models.DateField(null=True, blank=True)
    age = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(120)], help_text="When the date of birth is not known"
    )
    description = models.TextField(max_length=4000, help_text="Height, build, hair, clothing, anything distinctive")
    is_vulnerable_adult = models.BooleanField(default=False)
    photo = models.FileField(upload_to="missing_persons/photos/%Y/%m/", blank=True)
    photo_content_type = models.CharField(max_length=40, blank=True, editable=False)
    # Normalised name + date of birth: the same key on an earlier case is a repeat episode.
    person_key = models.CharField(max_length=250, blank=True, editable=False, db_index=True)
    earlier_episodes = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="later_episodes")
    # The report
    missing_since = models.DateTimeField()
    reported_at = models.DateTimeField()
    reported_by = models.CharField(max_length=200, help_text="Who reported it: name and relationship")
    reporter_contact = models.CharField(max_length=200, blank=True)
    missing_from = models.CharField(max_length=255, help_text="The address they went missing from")
    latitude = latitude_field()
    longitude = longitude_field()
    last_seen_at = models.DateTimeField(null=True, blank=True)
    last_seen_place = models.CharField(max_length=255, blank=True)
    circumstances = models.TextField(max_length=4000, blank=True)
    # Current risk and supervision (the history is MissingRiskAssessment)
    risk_level = models.CharField(max_length=20, choices=MissingRiskLevel.choices)
    next_review_due_at = models.DateTimeField(null=True, blank=True)
    last_reviewed_at = models.DateTimeField(null=True, blank=True)
    last_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Set by the supervision task when the review above became overdue (and supervisors were told).
    review_overdue_since = models.DateTimeField(null=True, blank=True)
    # Trace and return
    traced_at = models.DateTimeField(null=True, blank=True)
    traced_where = models.CharField(max_length=255, blank=True)
    traced_how = models.CharField(max_length=255, blank=True, help_text="Returned home, found by police, ...")
    traced_by = models.CharField(max_length=200, blank=True)
    safe_and_well_at = models.DateTimeField("Prevention interview (safe and well check)", null=True, blank=True)
    safe_and_well_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    safe_and_well_notes = models.TextField(max_length=4000, blank=True)
    # A child's return home interview: a local authority action with a 72-hour deadline.
    rhi_agency = models.ForeignKey(
        PartnerAgency, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="Referred to"
    )
    # Set by the referral (missing_case_refer_rhi) when the note is shared with rhi_agency.
    rhi_referred_at = models.DateTimeField("Return home interview referred", null=True, blank=True)
    # The referral as disclosed: read, acknowledged, action done and replies are read from it.
    rhi_share = models.OneToOneField(
        "partners.NoteShare",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rhi_case",
        verbose_name="Return home interview referral",
    )
    rhi_due_at = models.DateTimeField("Return home interview due", null=True, blank=True)
    rhi_completed_at = models.DateTimeField("Return home interview held", null=True, blank=True)
    rhi_notes = models.TextField(max_length=4000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = MissingPersonCaseQuerySet.as_manager()

    class Meta:
        ordering = ["-missing_since", "-id"]
        verbose_name = "missing-person case"
        constraints = [
            point_constraint("missing_case_point_has_both_coordinates"),
            models.CheckConstraint(name="missing_case_status_valid", condition=Q(status__in=MissingCaseStatus.values)),
            models.CheckConstraint(name="missing_case_risk_valid", condition=Q(risk_level__in=MissingRiskLevel.values)),
            models.CheckConstraint(
                name="missing_case_traced_has_time",
                condition=~Q(status=MissingCaseStatus.TRACED) | Q(traced_at__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["neighbourhood", "status", "risk_level"], name="missing_case_nbhd_status"),
            models.Index(fields=["status", "next_review_due_at"], name="missing_case_review_due"),
        ]

    def __str__(self):
        return f"{self.reference} {self.name}"

    @property
    def reference(self) -> str:
        return f"MP-{self.pk:06d}" if self.pk else "MP-new"

    @property
    def is_active(self) -> bool:
        return self.status == MissingCaseStatus.ACTIVE

    @property
    def age_when_missing(self) -> int | None:
        if self.date_of_birth and self.missing_since:
            return years_between(self.date_of_birth, timezone.localdate(self.missing_since))
        return self.age

    @property
    def is_child(self) -> bool:
        age = self.age_when_missing
        return age is not None and age < ADULT_AGE

    def clean(self):
        errors = {}
        now = timezone.now() + timedelta(minutes=5)
        if self.date_of_birth and self.date_of_birth > timezone.localdate():
            errors["date_of_birth"] = "That is in the future."
        if self.date_of_birth is None and self.age is None:
            errors["age"] = "Give a date of birth or, if it is not known, an age."
        for name in ("missing_since", "reported_at", "last_seen_at"):
            value = getattr(self, name)
            if value and value > now:
                errors[name] = "That is in the future."
        if self.missing_since and self.reported_at and self.reported_at < self.missing_since:
            errors["reported_at"] = "A report comes after the person went missing."
        errors.update(half_point_errors(self.latitude, self.longitude))
        if errors:
            raise ValidationError(errors)


def years_between(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


class MissingRiskAssessment(models.Model):
    """One grading of the risk, with the questionnaire answers and where the information came from."""

    case = models.ForeignKey(MissingPersonCase, on_delete=models.PROTECT, related_name="assessments")
    risk_level = models.CharField(max_length=20, choices=MissingRiskLevel.choices)
    rationale = models.TextField(max_length=4000)
    information_from = models.CharField(max_length=200, help_text="Who supplied the information")
    information_at = models.DateTimeField(help_text="When they supplied it")
    is_supervisor_review = models.BooleanField(default=False)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case", "-assessed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="missing_assessment_risk_valid", condition=Q(risk_level__in=MissingRiskLevel.values)
            ),
        ]

    def __str__(self):
        return f"{self.get_risk_level_display()} risk, {self.assessed_at:%d %b %Y %H:%M}"


class MissingRiskAnswer(models.Model):
    assessment = models.ForeignKey(MissingRiskAssessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(RiskQuestion, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(max_length=10, choices=RiskAnswer.choices)
    notes = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["assessment", "question__sort_order", "question__id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="missing_answer_once"),
            models.CheckConstraint(name="missing_answer_valid", condition=Q(answer__in=RiskAnswer.values)),
        ]

    def __str__(self):
        return f"{self.question}: {self.get_answer_display()}"


class MissingChecklistTick(models.Model):
    """A high-risk checklist item done on a case."""

    case = models.ForeignKey(MissingPersonCase, on_delete=models.PROTECT, related_name="checklist_ticks")
    item = models.ForeignKey(HighRiskChecklistItem, on_delete=models.PROTECT, related_name="+")
    notes = models.CharField(max_length=500, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case", "item__sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "item"], name="missing_checklist_tick_once")]

    def __str__(self):
        return f"{self.item} on {self.case}"


class MissingSighting(models.Model):
    case = models.ForeignKey(MissingPersonCase, on_delete=models.PROTECT, related_name="sightings")
    seen_at = models.DateTimeField()
    place = models.CharField(max_length=255, blank=True)
    latitude = latitude_field()
    longitude = longitude_field()
    reported_by = models.CharField(max_length=200, help_text="Who saw them")
    confidence = models.CharField(max_length=20, choices=SightingConfidence.choices)
    details = models.TextField(max_length=4000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "-seen_at", "-id"]
        constraints = [
            point_constraint("missing_sighting_point_has_both_coordinates"),
            models.CheckConstraint(
                name="missing_sighting_confidence_valid", condition=Q(confidence__in=SightingConfidence.values)
            ),
        ]

    def __str__(self):
        return f"Sighting {self.seen_at:%d %b %H:%M} {self.place}".strip()

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class MissingAction(models.Model):
    """A line of enquiry or action, assigned to a person, due by a time, done with a result."""

    case = models.ForeignKey(MissingPersonCase, on_delete=models.PROTECT, related_name="actions")
    description = models.CharField(max_length=500)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=MissingActionStatus.choices, default=MissingActionStatus.OPEN)
    result = models.TextField(max_length=4000, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "status", "due_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="missing_action_status_valid", condition=Q(status__in=MissingActionStatus.values)
            ),
            models.CheckConstraint(
                name="missing_action_done_has_result",
                condition=~Q(status=MissingActionStatus.DONE) | (Q(done_at__isnull=False) & ~Q(result="")),
            ),
        ]

    def __str__(self):
        return self.description


class HerbertProtocol(models.Model):
    """The form families and care homes keep for a person with dementia, handed over when
    they go missing (DOMAIN §5)."""

    case = models.OneToOneField(MissingPersonCase, on_delete=models.PROTECT, related_name="herbert_protocol")
    description = models.TextField(max_length=4000, blank=True)
    routines = models.TextField(max_length=4000, blank=True)
    significant_places = models.TextField(max_length=4000, blank=True, help_text="Former homes, workplaces, ...")
    medication = models.TextField(max_length=4000, blank=True)
    photo = models.FileField(upload_to="missing_persons/herbert/%Y/%m/", blank=True)
    photo_content_type = models.CharField(max_length=40, blank=True, editable=False)
    handed_over_by = models.CharField(max_length=200, blank=True, help_text="Family member or care home")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Herbert Protocol for {self.case}"
