from django import forms
from django.utils import timezone

from accounts.models import User
from community.models import Neighbourhood

from .choices import AsbQualifier, PersonRole
from .models import AsbSubtype, Incident, IncidentCategory
from .policies import ASSIGNABLE_ROLES
from .services.incidents import EDITABLE_FIELDS, THRIVE_FIELDS

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class IncidentForm(forms.ModelForm):
    """Logging (and editing) an incident from a phone: the short fields first, THRIVE folded away."""

    class Meta:
        model = Incident
        fields = EDITABLE_FIELDS
        widgets = {
            "asb_qualifier": forms.RadioSelect,
            "occurred_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
            "latitude": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            "longitude": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            "account": forms.Textarea(attrs={"rows": 4}),
            **{name: forms.Textarea(attrs={"rows": 2}) for name in THRIVE_FIELDS},
        }
        labels = {
            "opening_category": "What is it?",
            "asb_qualifier": "ASB type",
            "asb_subtype": "ASB sub-type (optional)",
            "occurred_at": "When did it happen?",
            "location_text": "Where? (address or description)",
            "neighbourhood": "Neighbourhood",
            "account": "What happened (short account)",
        }
        help_texts = {
            "location_text": "Or pick the place on the map; you can do both.",
            "neighbourhood": "Leave blank to find it from the point on the map.",
            "asb_qualifier": "Personal: aimed at a person or group. Nuisance: the community at large. "
            "Environmental: public spaces or buildings.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["opening_category"].queryset = IncidentCategory.objects.filter(is_active=True)
        fields["opening_category"].empty_label = "Choose a category"
        fields["asb_subtype"].queryset = AsbSubtype.objects.filter(is_active=True)
        fields["asb_subtype"].empty_label = "None"
        fields["asb_qualifier"].choices = AsbQualifier.choices
        fields["neighbourhood"].queryset = Neighbourhood.objects.order_by("name", "id")
        fields["neighbourhood"].empty_label = "Find it from the map point"
        fields["occurred_at"].input_formats = [DATETIME_LOCAL, "%Y-%m-%dT%H:%M:%S"]
        if not self.instance.pk:
            fields["occurred_at"].initial = timezone.localtime().replace(second=0, microsecond=0)

    def incident_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}


class LogIncidentForm(IncidentForm):
    """The new-incident form adds who reported it and who is affected (kept minimal)."""

    reporter_name = forms.CharField(label="Reported by: name", max_length=200, required=False)
    reporter_contact = forms.CharField(label="Reported by: phone or email", max_length=200, required=False)
    reporter_is_affected = forms.BooleanField(label="The person reporting is the person affected", required=False)
    affected_name = forms.CharField(label="Person affected: name", max_length=200, required=False)
    affected_contact = forms.CharField(label="Person affected: phone or email", max_length=200, required=False)

    def clean(self):
        cleaned = super().clean()
        for who in ("reporter", "affected"):
            if cleaned.get(f"{who}_contact") and not cleaned.get(f"{who}_name"):
                self.add_error(f"{who}_name", "Give the name with the contact details.")
        return cleaned

    def people(self) -> list[dict]:
        data = self.cleaned_data
        people = []
        if data["reporter_name"]:
            role = PersonRole.REPORTER_AFFECTED if data["reporter_is_affected"] else PersonRole.REPORTER
            people.append({"role": role, "name": data["reporter_name"], "contact": data["reporter_contact"]})
        if data["affected_name"] and not data["reporter_is_affected"]:
            people.append(
                {"role": PersonRole.AFFECTED, "name": data["affected_name"], "contact": data["affected_contact"]}
            )
        return people


class EditIncidentForm(IncidentForm):
    """`version` is the version the editor started from; a newer one means someone else changed it."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class NoteForm(forms.Form):
    body = forms.CharField(label="Add a note", widget=forms.Textarea(attrs={"rows": 3}), max_length=10000)


class WorkflowForm(forms.Form):
    """The inputs of a workflow button: who to assign, the closing category, the version seen."""

    assignee = forms.ModelChoiceField(
        queryset=User.objects.filter(is_active=True, role__in=ASSIGNABLE_ROLES).order_by("first_name", "username"),
        required=False,
        label="Assign to",
    )
    closing_category = forms.ModelChoiceField(
        queryset=IncidentCategory.objects.filter(is_active=True), required=False, label="Closing category"
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
