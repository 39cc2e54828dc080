"""Page forms for missing-person cases (docs/missing-persons.md). They only shape input; the
services (incidents/services/missing_persons.py) hold the rules."""

from django import forms
from django.utils import timezone

from accounts.models import PartnerAgency, User
from community.models.neighbourhoods import Neighbourhood
from missing_persons.choices import MissingRiskLevel, RiskAnswer, SightingConfidence
from missing_persons.models import HighRiskChecklistItem, MissingPersonCase, RiskQuestion
from missing_persons.policies import can_work_missing_persons
from missing_persons.services.common import CASE_FIELDS
from missing_persons.services.herbert import HERBERT_FIELDS
from missing_persons.services.rhi import RHI_AGENCY_KINDS
from partners.models import SharingAgreement
from pcso.forms import latitude_form_field, local_datetime_field, longitude_form_field, point_widgets


def when_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateTimeField:
    return local_datetime_field(label=label, required=required, help_text=help_text)


def now_minute():
    return timezone.localtime().replace(second=0, microsecond=0)


class MissingCaseForm(forms.ModelForm):
    """The person and the report, as taken from the caller. Photo optional (JPEG or PNG)."""

    photo = forms.FileField(
        required=False,
        label="Photo (JPEG or PNG)",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )

    class Meta:
        model = MissingPersonCase
        fields = CASE_FIELDS
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "circumstances": forms.Textarea(attrs={"rows": 3}),
            **point_widgets(),
        }
        labels = {
            "name": "Name of the missing person",
            "age": "Age (if no birth date)",
            "is_vulnerable_adult": "Vulnerable adult",
            "missing_from": "Missing from (address)",
            "last_seen_place": "Last seen where",
            "neighbourhood": "Neighbourhood",
            "latitude": "Missing from: latitude",
            "longitude": "Missing from: longitude",
        }
        help_texts = {"neighbourhood": "Leave blank to find it from the point on the map."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        for name in ("missing_since", "reported_at", "last_seen_at"):
            fields[name] = when_field(fields[name].label.capitalize(), required=fields[name].required)
        fields["missing_since"].label = "Missing since"
        fields["reported_at"].label = "Reported at"
        fields["last_seen_at"].label = "Last seen at"
        fields["neighbourhood"].queryset = Neighbourhood.objects.order_by("name", "id")
        fields["neighbourhood"].empty_label = "Find it from the map point"
        if not self.instance.pk:
            fields["reported_at"].initial = now_minute()

    def case_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in CASE_FIELDS}


class MissingCaseEditForm(MissingCaseForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class RiskAssessmentForm(forms.Form):
    """A grading with the questionnaire: each question yes/no/unknown with notes (optional)."""

    risk_level = forms.ChoiceField(label="Risk level", choices=MissingRiskLevel.choices, widget=forms.RadioSelect)
    rationale = forms.CharField(label="Why this level", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    information_from = forms.CharField(
        label="Information supplied by", max_length=200, help_text="Who told you: name and relationship"
    )
    information_at = when_field("Information supplied at")
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args, levels: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if levels:
            self.fields["risk_level"].choices = [
                (v, levels[v].name if v in levels else label) for v, label in MissingRiskLevel.choices
            ]
        self.fields["information_at"].initial = now_minute()
        self.questions = list(RiskQuestion.objects.filter(is_active=True))
        for question in self.questions:
            self.fields[f"q_{question.code}"] = forms.ChoiceField(
                label=question.name,
                required=False,
                widget=forms.RadioSelect,
                choices=[("", "Not asked"), *RiskAnswer.choices],
            )
            self.fields[f"n_{question.code}"] = forms.CharField(
                label="Notes", required=False, max_length=1000, widget=forms.TextInput(attrs={"placeholder": "Notes"})
            )

    def question_rows(self):
        return [(q, self[f"q_{q.code}"], self[f"n_{q.code}"]) for q in self.questions]

    def assessment(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in ("risk_level", "rationale", "information_from", "information_at")
        }

    def answers(self) -> dict:
        data = self.cleaned_data
        return {q.code: (data[f"q_{q.code}"], data[f"n_{q.code}"]) for q in self.questions if data[f"q_{q.code}"]}


class SightingForm(forms.Form):
    seen_at = when_field("Seen at")
    place = forms.CharField(label="Where", max_length=255, required=False, help_text="Or tap the map; you can do both.")
    latitude = latitude_form_field(required=False)
    longitude = longitude_form_field(required=False)
    reported_by = forms.CharField(label="Seen by", max_length=200)
    confidence = forms.ChoiceField(choices=SightingConfidence.choices, widget=forms.RadioSelect)
    details = forms.CharField(
        label="Details", max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_at"].initial = now_minute()


def case_workers():
    return User.objects.filter(is_active=True).order_by("first_name", "last_name", "username")


class ActorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name} ({obj.get_role_display()})"


class ActionForm(forms.Form):
    description = forms.CharField(label="Line of enquiry or action", max_length=500)
    assigned_to = ActorChoiceField(label="Assigned to", queryset=User.objects.none(), empty_label="Choose a person")
    due_at = when_field("Due by")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        workers = [u.pk for u in case_workers() if can_work_missing_persons(u)]
        self.fields["assigned_to"].queryset = case_workers().filter(pk__in=workers)


class ActionDoneForm(forms.Form):
    result = forms.CharField(label="Result", max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


class ChecklistTickForm(forms.Form):
    item = forms.ModelChoiceField(
        queryset=HighRiskChecklistItem.objects.filter(is_active=True), to_field_name="code", widget=forms.HiddenInput
    )
    notes = forms.CharField(label="Notes", max_length=500, required=False)


def rhi_agencies():
    return PartnerAgency.objects.filter(kind__in=RHI_AGENCY_KINDS, is_active=True).order_by("name", "id")


class TraceForm(forms.Form):
    traced_at = when_field("Traced at")
    traced_where = forms.CharField(label="Where", max_length=255)
    traced_how = forms.CharField(label="How", max_length=255, help_text="Returned home, found by police, ...")
    traced_by = forms.CharField(label="By whom", max_length=200, required=False)
    rhi_agency = forms.ModelChoiceField(
        label="Refer the return home interview to",
        queryset=PartnerAgency.objects.none(),
        required=False,
        empty_label="The local authority on record",
        help_text="For a child (under 18 when missing).",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["traced_at"].initial = now_minute()
        self.fields["rhi_agency"].queryset = rhi_agencies()


class ReturnForm(forms.Form):
    """After the trace: the prevention interview, and a child's return home interview."""

    safe_and_well_at = when_field("Prevention interview (safe and well check) held at", required=False)
    safe_and_well_notes = forms.CharField(
        label="What they said", max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    rhi_completed_at = when_field("Return home interview held at", required=False)
    rhi_notes = forms.CharField(
        label="Return home interview notes", max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, child: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not child:
            del self.fields["rhi_completed_at"], self.fields["rhi_notes"]


class ReferRhiForm(forms.Form):
    """Refer a traced child's return home interview: the note the agency will read, under an
    agreement it signed (only those usable today are offered)."""

    agreement = forms.ModelChoiceField(
        queryset=SharingAgreement.objects.none(), label="Under the agreement", empty_label="Choose an agreement"
    )
    note_text = forms.CharField(
        label="What the local authority is told",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Only what they need to offer the interview. They see this text and the case reference, "
        "nothing else of the case.",
    )
    purpose = forms.CharField(
        label="Purpose of this disclosure", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, agreements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = agreements
        self.fields["agreement"].label_from_instance = lambda a: f"{a.reference} {a.title}"


class HerbertProtocolForm(forms.Form):
    description = forms.CharField(
        label="Description", max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    routines = forms.CharField(
        label="Daily routines", max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    significant_places = forms.CharField(
        label="Significant places",
        max_length=4000,
        required=False,
        help_text="Former homes, workplaces, places they like to go",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    medication = forms.CharField(
        label="Medication", max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    handed_over_by = forms.CharField(
        label="Handed over by", max_length=200, required=False, help_text="Family member or care home"
    )
    photo = forms.FileField(
        required=False,
        label="Photo on the form (JPEG or PNG)",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )

    def herbert_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in HERBERT_FIELDS}
