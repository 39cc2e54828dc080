"""Community engagements and the PACT priorities they raise (DOMAIN §8, docs/engagements.md)."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from community.choices import EngagementStatus, PrioritySource, PriorityStatus
from community.models.neighbourhoods import Neighbourhood
from community.querysets import EngagementQuerySet, PriorityQuerySet
from pcso.geo import half_point_errors, latitude_field, longitude_field, point_constraint

MAX_ENGAGEMENT_HOURS = 12
MAX_ATTENDANCE = 10_000


class EngagementType(models.Model):
    """A kind of engagement (DOMAIN §8 [data]): edited in the admin, retired, never deleted."""

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=120)
    sort_order = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(default=True, help_text="Offered for new engagements")

    class Meta:
        ordering = ["sort_order", "name", "id"]

    def __str__(self):
        return self.name


class Engagement(models.Model):
    """A meeting, surgery or visit with the community: who came (as numbers and
    organisations), what was discussed and what residents were worried about.

    Residents are not named unless they agreed to it (`resident_names_consent`);
    `version` is the API's ETag and the edit page's hidden field.
    """

    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.PROTECT, related_name="engagements")
    engagement_type = models.ForeignKey(EngagementType, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200, help_text="As the public would see it: “Fraud awareness coffee morning”")
    description = models.TextField(max_length=4000, blank=True)
    status = models.CharField(max_length=20, choices=EngagementStatus.choices, default=EngagementStatus.HELD)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    address = models.CharField(max_length=255, help_text="Where: “St Mary's church hall, Cheapside”")
    # Optional map point of the place (the calendar's map); the address is what the public sees.
    latitude = latitude_field()
    longitude = longitude_field()
    contact_details = models.CharField(max_length=255, blank=True, help_text="For the public: a team email or phone")
    publish = models.BooleanField(default=True, help_text="List it in the police.uk export of upcoming events")
    attendance = models.PositiveIntegerField(null=True, blank=True, help_text="How many residents came (a number)")
    organisations = models.CharField(
        max_length=500, blank=True, help_text="Groups represented, e.g. “Neighbourhood watch, St Mary's school”"
    )
    partner_agencies = models.ManyToManyField("accounts.PartnerAgency", blank=True, related_name="engagements")
    topics = models.CharField(max_length=500, blank=True, help_text="e.g. “fraud awareness, cycle theft”")
    concerns = models.TextField(max_length=4000, blank=True, help_text="What residents raised")
    follow_ups = models.TextField(max_length=4000, blank=True, help_text="What you promised to do")
    resident_names = models.TextField(
        max_length=1000, blank=True, help_text="Only residents who agreed to be named; tick the box below"
    )
    resident_names_consent = models.BooleanField(
        default=False, help_text="The residents named above agreed to their names being recorded"
    )
    reports_on = models.ManyToManyField(
        "community.Priority", blank=True, related_name="reported_at", help_text="Priorities reported back on here"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = EngagementQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="engagement_ends_after_start", condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at"))
            ),
            models.CheckConstraint(
                name="engagement_names_need_consent", condition=Q(resident_names="") | Q(resident_names_consent=True)
            ),
            models.CheckConstraint(name="engagement_status_valid", condition=Q(status__in=EngagementStatus.values)),
            point_constraint("engagement_point_has_both_coordinates"),
        ]
        indexes = [models.Index(fields=["neighbourhood", "starts_at"], name="engagement_nbhd_start")]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("community:engagement-detail", kwargs={"pk": self.pk})

    @property
    def reference(self) -> str:
        return f"ENG-{self.pk:06d}" if self.pk else "ENG-new"

    def clean(self):
        errors = {}
        if self.ends_at and self.starts_at:
            if self.ends_at <= self.starts_at:
                errors["ends_at"] = "It must end after it starts."
            elif self.ends_at - self.starts_at > timedelta(hours=MAX_ENGAGEMENT_HOURS):
                errors["ends_at"] = f"At most {MAX_ENGAGEMENT_HOURS} hours: log each day on its own."
        if self.resident_names.strip() and not self.resident_names_consent:
            errors["resident_names"] = (
                "Only name residents who agreed to it: tick that they agreed, or record the number who came instead."
            )
        errors.update(half_point_errors(self.latitude, self.longitude))
        if self.attendance is not None and self.attendance > MAX_ATTENDANCE:
            errors["attendance"] = f"At most {MAX_ATTENDANCE:,}: give the number of residents who came."
        if (
            self.status == EngagementStatus.HELD
            and self.starts_at
            and self.starts_at > timezone.now() + timedelta(hours=1)
        ):
            errors["status"] = "It has not happened yet: save it as planned."
        if errors:
            raise ValidationError(errors)


class Priority(models.Model):
    """A neighbourhood priority agreed with the community ("you said, we did").

    `issue`/`action` and their dates are the police.uk shape. `raised_at` is the
    engagement it came from; later engagements report back through `reported_at`;
    patrols link to it from `PatrolPlan.priority`, incidents from `Incident.priority`.
    """

    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.PROTECT, related_name="priorities")
    issue = models.TextField(max_length=2000, help_text="What residents said, in their terms")
    action = models.TextField(max_length=2000, blank=True, help_text="What the team will do, or did")
    issue_date = models.DateField(default=timezone.localdate)
    action_date = models.DateField(null=True, blank=True, help_text="When the action was taken")
    status = models.CharField(max_length=20, choices=PriorityStatus.choices, default=PriorityStatus.PROPOSED)
    source = models.CharField(max_length=20, choices=PrioritySource.choices, default=PrioritySource.MEETING)
    raised_at = models.ForeignKey(
        Engagement, null=True, blank=True, on_delete=models.SET_NULL, related_name="priorities_raised"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = PriorityQuerySet.as_manager()

    class Meta:
        ordering = ["-issue_date", "-id"]
        verbose_name_plural = "priorities"
        constraints = [
            models.CheckConstraint(name="priority_status_valid", condition=Q(status__in=PriorityStatus.values)),
            models.CheckConstraint(name="priority_source_valid", condition=Q(source__in=PrioritySource.values)),
        ]
        indexes = [models.Index(fields=["neighbourhood", "status"], name="priority_nbhd_status")]

    def __str__(self):
        return f"{self.reference} {self.short_issue}"

    def get_absolute_url(self) -> str:
        return reverse("community:priority-detail", kwargs={"pk": self.pk})

    @property
    def reference(self) -> str:
        return f"PRI-{self.pk:06d}" if self.pk else "PRI-new"

    @property
    def short_issue(self) -> str:
        first_line = self.issue.strip().splitlines()[0] if self.issue.strip() else ""
        return first_line if len(first_line) <= 80 else first_line[:79] + "…"

    def clean(self):
        errors = {}
        if self.action_date and self.issue_date and self.action_date < self.issue_date:
            errors["action_date"] = "The action cannot come before the issue was raised."
        if self.raised_at_id and self.neighbourhood_id and self.raised_at.neighbourhood_id != self.neighbourhood_id:
            errors["raised_at"] = "That engagement was in another neighbourhood."
        if errors:
            raise ValidationError(errors)
