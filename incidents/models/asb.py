from django.conf import settings
from django.db import models

from community.models.neighbourhoods import Neighbourhood
from incidents.choices import AsbCaseRole, AsbCaseStatus, RiskLevel
from incidents.models.incidents import Incident, IncidentPerson
from incidents.querysets import AsbCaseQuerySet
from pcso.models import ReferenceItem


class AsbReviewInterval(models.Model):
    """How many days after a review the next one falls due, per risk level (DOMAIN: [data])."""

    risk_level = models.CharField(max_length=20, choices=RiskLevel.choices, unique=True)
    days = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["days"]
        constraints = [models.CheckConstraint(name="asb_review_interval_positive", condition=models.Q(days__gte=1))]

    def __str__(self):
        return f"{self.get_risk_level_display()}: every {self.days} days"


class AsbTool(ReferenceItem):
    """An ASB, Crime and Policing Act 2014 tool or power (DOMAIN §4 [data])."""

    max_days = models.PositiveIntegerField(
        null=True, blank=True, help_text="Longest it may last, in days (dispersal 2, closure 183); blank = no limit"
    )

    class Meta(ReferenceItem.Meta):
        verbose_name = "ASB tool"


class AsbCase(models.Model):
    """Persistent anti-social behaviour, worked as one case across its incidents.

    `review_threshold_met_on` is set when the linked incidents reach the ASB case review
    threshold ("community trigger"); `version` is the ETag and the page's hidden field.
    """

    title = models.CharField(max_length=200)
    summary = models.TextField(max_length=4000, blank=True)
    neighbourhood = models.ForeignKey(
        Neighbourhood, null=True, blank=True, on_delete=models.SET_NULL, related_name="asb_cases"
    )
    incidents = models.ManyToManyField(Incident, related_name="asb_cases", blank=True)
    status = models.CharField(max_length=10, choices=AsbCaseStatus.choices, default=AsbCaseStatus.OPEN)
    risk_level = models.CharField(max_length=20, choices=RiskLevel.choices, default=RiskLevel.STANDARD)
    next_review_on = models.DateField()
    last_reviewed_at = models.DateTimeField(null=True, blank=True)
    review_threshold_met_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = AsbCaseQuerySet.as_manager()

    class Meta:
        ordering = ["next_review_on", "-id"]
        verbose_name = "ASB case"
        constraints = [
            models.CheckConstraint(name="asb_case_status_valid", condition=models.Q(status__in=AsbCaseStatus.values)),
            models.CheckConstraint(name="asb_case_risk_valid", condition=models.Q(risk_level__in=RiskLevel.values)),
        ]
        indexes = [models.Index(fields=["neighbourhood", "status", "next_review_on"], name="asb_case_nbhd_review")]

    def __str__(self):
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        return f"ASB-{self.pk:06d}" if self.pk else "ASB-new"

    @property
    def is_open(self) -> bool:
        return self.status == AsbCaseStatus.OPEN


class AsbCasePerson(models.Model):
    """A victim or perpetrator linked to the case; `source` is the incident person they came from."""

    case = models.ForeignKey(AsbCase, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(max_length=20, choices=AsbCaseRole.choices)
    name = models.CharField(max_length=200)
    contact = models.CharField(max_length=200, blank=True)
    person_key = models.CharField(max_length=400, blank=True, editable=False)
    source = models.ForeignKey(IncidentPerson, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["case", "role", "id"]
        verbose_name = "person in an ASB case"
        verbose_name_plural = "people in ASB cases"
        constraints = [
            models.UniqueConstraint(fields=["case", "role", "person_key"], name="asb_case_person_once"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_role_display().lower()})"


class AsbAction(models.Model):
    """A tool used in the case: when, issued to whom, until when."""

    case = models.ForeignKey(AsbCase, on_delete=models.PROTECT, related_name="actions")
    tool = models.ForeignKey(AsbTool, on_delete=models.PROTECT, related_name="+")
    taken_on = models.DateField()
    issued_to = models.CharField(max_length=200)
    expires_on = models.DateField(null=True, blank=True)
    details = models.TextField(max_length=4000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "-taken_on", "-id"]
        verbose_name = "ASB action"
        constraints = [
            models.CheckConstraint(
                name="asb_action_expires_after_taken",
                condition=models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=models.F("taken_on")),
            )
        ]

    def __str__(self):
        return f"{self.tool} to {self.issued_to} on {self.taken_on}"
