from django import forms

from accounts.models import PartnerAgency, User
from accounts.services import AGENCY_FIELDS

from .choices import AssignmentKind
from .models import PatrolPlan, PatrolVisit, SharingAgreement
from .services.partners import AGREEMENT_FIELDS


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


class PartnerAgencyForm(forms.ModelForm):
    """An administrator's agency: the code is fixed once created (API and users refer to it)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = PartnerAgency
        fields = ["code", "name", "kind", "contact_name", "contact_email", "contact_phone", "is_active"]
        help_texts = {"code": "Short identifier, e.g. city-council (letters, digits, hyphens)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True

    def agency_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in AGENCY_FIELDS}

    def validate_unique(self):
        # agency_upsert creates or updates by code: a taken code on the create form is an error.
        if not self.instance.pk and PartnerAgency.objects.filter(code=self.cleaned_data.get("code")).exists():
            self.add_error("code", "An agency with this code already exists: edit it instead.")


class SharingAgreementForm(forms.ModelForm):
    """A supervisor's information sharing agreement. `version` is the one read."""

    parties = forms.ModelMultipleChoiceField(
        queryset=PartnerAgency.objects.filter(is_active=True).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        help_text="The partner agencies that signed it",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = SharingAgreement
        fields = AGREEMENT_FIELDS
        widgets = {
            "lawful_basis": forms.Textarea(attrs={"rows": 2}),
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "data_shared": forms.Textarea(attrs={"rows": 3}),
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "review_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "status": forms.RadioSelect,
        }
        labels = {"data_shared": "What may be shared", "starts_on": "Starts", "review_on": "Review by",
                  "expires_on": "Expires", "status_reason": "Why suspended or ended"}  # fmt: skip

    def agreement_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in AGREEMENT_FIELDS}
