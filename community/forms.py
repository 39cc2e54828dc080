from django import forms

from accounts.models import User

from .choices import AssignmentKind
from .models import PatrolPlan, PatrolVisit


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


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
        ]  # fmt: skip
        widgets = {
            "shift_start": LocalDateTimeInput(),
            "shift_end": LocalDateTimeInput(),
            "hotspot_label": forms.HiddenInput,
            "hotspot_count": forms.HiddenInput,
            "origin_reason": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"radius_metres": "Radius (metres)", "visit_minutes": "Minutes per visit"}

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
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
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
