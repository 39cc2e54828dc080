from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from accounts.models import PartnerAgency, User
from community.choices import ACTIVE_PRIORITY_STATUSES, AssignmentKind
from community.models.engagements import Engagement, EngagementType, Priority
from community.models.neighbourhoods import PatrolPlan, PatrolVisit
from pcso.forms import DATETIME_LOCAL_FORMATS, LocalDateTimeInput, point_widgets


class PatrolPlanForm(forms.ModelForm):
    """The supervisor's plan. `version` is the one read, so a concurrent edit is refused."""

    officers = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple, help_text="Officers of the neighbourhood"
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = PatrolPlan
        fields = [
            "neighbourhood", "label", "latitude", "longitude", "radius_metres", "origin", "origin_reason",
            "hotspot_label", "hotspot_count", "shift_start", "shift_end", "visits_planned", "visit_minutes", "status",
            "priority",
        ]  # fmt: skip
        widgets = {
            "shift_start": LocalDateTimeInput(),
            "shift_end": LocalDateTimeInput(),
            "hotspot_label": forms.HiddenInput,
            "hotspot_count": forms.HiddenInput,
            "origin_reason": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "radius_metres": "Radius (metres)",
            "visit_minutes": "Minutes per visit",
            "priority": "PACT priority it works on (optional)",
        }

    def __init__(self, *args, neighbourhoods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = neighbourhoods
        self.fields["neighbourhood"].to_field_name = "code"
        self.fields["officers"].queryset = (
            User.objects.filter(
                assignments__neighbourhood__in=neighbourhoods, assignments__kind=AssignmentKind.MEMBER, is_active=True
            )
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        self.fields["officers"].label_from_instance = lambda user: f"{user.display_name} ({user.username})"
        for name in ("shift_start", "shift_end"):
            self.fields[name].input_formats = DATETIME_LOCAL_FORMATS
        linked = Priority.objects.filter(pk=self.instance.priority_id)
        self.fields["priority"].queryset = priorities_on_offer(neighbourhoods, keep=linked)
        self.fields["priority"].label_from_instance = priority_label
        self.fields["priority"].empty_label = "None"
        if not self.instance.pk:
            del self.fields["status"]

    def plan_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}


class LeaveForm(forms.ModelForm):
    class Meta:
        model = PatrolVisit
        fields = ["observations", "incident_references"]
        widgets = {"observations": forms.Textarea(attrs={"rows": 3})}
        labels = {"observations": "What did you see?", "incident_references": "Incidents raised (references)"}


def priorities_on_offer(neighbourhoods, *, keep):
    """Active priorities of these neighbourhoods, plus those already chosen (`keep`)."""
    return (
        Priority.objects.filter(neighbourhood__in=neighbourhoods)
        .filter(Q(status__in=ACTIVE_PRIORITY_STATUSES) | Q(pk__in=keep.values("pk")))
        .select_related("neighbourhood")
        .order_by("neighbourhood__name", "issue_date", "id")
    )


def priority_label(priority) -> str:
    return f"{priority.neighbourhood.name}: {priority.reference} {priority.short_issue}"


class EngagementForm(forms.ModelForm):
    """Logging an engagement from a phone: the few fields that matter first, the rest folded."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Engagement
        fields = [
            "engagement_type", "neighbourhood", "title", "status", "starts_at", "ends_at", "address",
            "latitude", "longitude", "attendance", "topics", "concerns", "follow_ups", "organisations",
            "partner_agencies", "reports_on", "description", "contact_details", "publish", "resident_names",
            "resident_names_consent",
        ]  # fmt: skip
        widgets = {
            "starts_at": LocalDateTimeInput(),
            "ends_at": LocalDateTimeInput(),
            "attendance": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            **point_widgets(),
            "concerns": forms.Textarea(attrs={"rows": 3}),
            "follow_ups": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 2}),
            "resident_names": forms.Textarea(attrs={"rows": 2}),
            "partner_agencies": forms.CheckboxSelectMultiple,
            "reports_on": forms.CheckboxSelectMultiple,
        }
        labels = {
            "engagement_type": "What kind?",
            "latitude": "Latitude (optional)",
            "longitude": "Longitude (optional)",
            "starts_at": "When did it start?",
            "ends_at": "Ended (optional)",
            "attendance": "Residents who came (number)",
            "concerns": "Concerns residents raised",
            "follow_ups": "Follow-ups you promised",
            "partner_agencies": "Partner agencies present",
            "reports_on": "Priorities you reported back on",
            "description": "Description for the public (optional)",
            "contact_details": "Public contact details (optional)",
            "resident_names_consent": "These residents agreed to be named",
        }

    def __init__(self, *args, neighbourhoods, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["neighbourhood"].queryset = neighbourhoods
        fields["neighbourhood"].to_field_name = "code"
        fields["engagement_type"].queryset = EngagementType.objects.filter(
            Q(is_active=True) | Q(pk=self.instance.engagement_type_id)
        )
        fields["engagement_type"].empty_label = "Choose a type"
        reported = self.instance.reports_on.all() if self.instance.pk else Priority.objects.none()
        fields["reports_on"].queryset = priorities_on_offer(neighbourhoods, keep=reported)
        fields["reports_on"].label_from_instance = priority_label
        fields["partner_agencies"].queryset = PartnerAgency.objects.order_by("name", "id")
        for name in ("publish", "resident_names_consent"):
            fields[name].label_suffix = ""  # a tick box's label follows it: no colon
        for name in ("starts_at", "ends_at"):
            fields[name].input_formats = DATETIME_LOCAL_FORMATS
        if not self.instance.pk:
            fields["starts_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
            if neighbourhoods.count() == 1:
                fields["neighbourhood"].initial = neighbourhoods.first().code

    def engagement_fields(self) -> dict:
        relations = {"partner_agencies", "reports_on"}
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name not in relations}

    def relations(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("partner_agencies", "reports_on")}


class PriorityForm(forms.ModelForm):
    """A priority: what residents said, what the team will do, and where it stands."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Priority
        fields = ["neighbourhood", "issue", "action", "status", "source", "issue_date", "action_date", "raised_at"]
        widgets = {
            "issue": forms.Textarea(attrs={"rows": 3}),
            "action": forms.Textarea(attrs={"rows": 3}),
            "issue_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "action_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "raised_at": forms.HiddenInput,
        }
        labels = {"issue": "Issue (what residents said)", "action": "Action (what we will do)"}
        help_texts = {
            "status": "Adopted, in progress and carried over count as active: at most "
            f"{settings.PACT_MAX_ACTIVE_PRIORITIES} per neighbourhood."
        }

    def __init__(self, *args, neighbourhoods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = neighbourhoods
        self.fields["neighbourhood"].to_field_name = "code"
        self.fields["raised_at"].queryset = Engagement.objects.filter(neighbourhood__in=neighbourhoods)

    def priority_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
