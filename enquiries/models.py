"""House-to-house enquiries (DOMAIN §9, docs/enquiries.md): an enquiry around an incident,
its premises list, and the visits made to each premises.

Visits are additions, never edits: two officers recording visits to one premises at the
same time both keep theirs. A premises' `status` and revisit are derived from its visits
(recomputed under a row lock when a visit is added), so counts are cheap indexed queries.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from community.models.neighbourhoods import Neighbourhood
from enquiries.choices import EnquiryScope, EnquiryStatus, PremisesStatus
from enquiries.querysets import EnquiryQuerySet, PremisesQuerySet, VisitQuerySet
from incidents.models.incidents import Incident
from pcso.geo import latitude_field, longitude_field, point_constraint
from pcso.models import ReferenceItem


class QuestionTemplate(ReferenceItem):
    """A question officers may ask at the door (DOMAIN §9 [data]); `name` is its short label."""

    text = models.CharField(max_length=300)

    class Meta(ReferenceItem.Meta):
        verbose_name = "house-to-house question"


class VisitOutcome(ReferenceItem):
    """What happened at the door (DOMAIN §9 [data]). `completes` ends the work at a premises;
    `needs_revisit` asks for a call-back with a due time; `asks_card_reference` for a card left."""

    completes = models.BooleanField(default=False, help_text="Nothing more to do at the premises")
    needs_revisit = models.BooleanField(default=False, help_text="A call-back must be scheduled")
    asks_card_reference = models.BooleanField(default=False, help_text="A calling card was left")

    class Meta(ReferenceItem.Meta):
        constraints = [
            models.CheckConstraint(
                name="visit_outcome_completes_or_revisits",
                condition=~Q(completes=True, needs_revisit=True),
            )
        ]


class Enquiry(models.Model):
    """A house-to-house enquiry set around an incident; `version` is its ETag.

    `questions` is the questionnaire as set up ([{"code", "text"}]): copied from the
    templates, so editing a template later does not change what was asked.
    """

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="enquiries")
    neighbourhood = models.ForeignKey(
        Neighbourhood, null=True, blank=True, on_delete=models.SET_NULL, related_name="enquiries"
    )
    title = models.CharField(max_length=200)
    scope = models.CharField(max_length=20, choices=EnquiryScope.choices, default=EnquiryScope.STREETS)
    streets = models.TextField(max_length=4000, blank=True, help_text="One street per line")
    area = models.JSONField(null=True, blank=True, help_text="A GeoJSON Polygon drawn on the map")
    rationale = models.TextField(max_length=4000, help_text="Why these premises: what the enquiry is for")
    questions = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=EnquiryStatus.choices, default=EnquiryStatus.OPEN)
    coordinator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(max_length=4000, blank=True, help_text="Written when it is closed")
    unreached_reason = models.TextField(max_length=2000, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = EnquiryQuerySet.as_manager()

    class Meta:
        ordering = ["status", "-created_at", "-id"]
        verbose_name_plural = "enquiries"
        constraints = [
            models.CheckConstraint(name="enquiry_status_valid", condition=Q(status__in=EnquiryStatus.values)),
            models.CheckConstraint(
                name="enquiry_closed_has_time",
                condition=Q(status=EnquiryStatus.OPEN) | Q(closed_at__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["neighbourhood", "status"], name="enquiry_nbhd_status")]

    def __str__(self):
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        return f"H2H-{self.pk:06d}" if self.pk else "H2H-new"

    @property
    def is_open(self) -> bool:
        return self.status == EnquiryStatus.OPEN


class Premises(models.Model):
    """One address on the enquiry's list. `address_key` is the normalised address, once per enquiry."""

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="premises")
    address = models.CharField(max_length=255)
    address_key = models.CharField(max_length=255, editable=False)
    latitude = latitude_field()
    longitude = longitude_field()
    status = models.CharField(max_length=20, choices=PremisesStatus.choices, default=PremisesStatus.NOT_VISITED)
    revisit_due_at = models.DateTimeField(null=True, blank=True)
    revisit_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    visit_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PremisesQuerySet.as_manager()

    class Meta:
        ordering = ["enquiry", "address_key", "id"]
        verbose_name_plural = "premises"
        constraints = [
            models.UniqueConstraint(fields=["enquiry", "address_key"], name="premises_once_per_enquiry"),
            models.CheckConstraint(name="premises_status_valid", condition=Q(status__in=PremisesStatus.values)),
            point_constraint("premises_point_has_both_coordinates"),
            models.CheckConstraint(
                name="premises_revisit_has_due_time",
                condition=~Q(status=PremisesStatus.REVISIT) | Q(revisit_due_at__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["enquiry", "status"], name="premises_enquiry_status"),
            models.Index(fields=["status", "revisit_due_at"], name="premises_revisit_due"),
        ]

    def __str__(self):
        return self.address

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class Visit(models.Model):
    """One call at a premises, by one officer: an addition, never overwritten.

    `people` is [{"name", "present"}]: who was spoken to and whether they were there at
    the relevant time. `answers` maps question codes to what they said.
    """

    premises = models.ForeignKey(Premises, on_delete=models.CASCADE, related_name="visits")
    visited_at = models.DateTimeField()
    visited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome = models.ForeignKey(VisitOutcome, on_delete=models.PROTECT, related_name="+")
    card_reference = models.CharField(max_length=50, blank=True)
    people = models.JSONField(default=list, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    notes = models.TextField(max_length=4000, blank=True)
    follow_up = models.TextField(max_length=1000, blank=True, help_text="What needs doing, e.g. collect CCTV")
    follow_up_done_at = models.DateTimeField(null=True, blank=True)
    revisit_due_at = models.DateTimeField(null=True, blank=True)
    revisit_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        ordering = ["premises", "visited_at", "id"]
        indexes = [models.Index(fields=["premises", "visited_at"], name="visit_premises_time")]

    def __str__(self):
        return f"{self.premises} at {self.visited_at:%Y-%m-%d %H:%M}: {self.outcome}"

    @property
    def needs_follow_up(self) -> bool:
        return bool(self.follow_up) and self.follow_up_done_at is None
