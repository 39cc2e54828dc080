import re

from django import forms
from django.utils import timezone

from community.models.neighbourhoods import Neighbourhood
from incidents.models.incidents import Incident
from intelligence.choices import (
    Dissemination,
    HandlingCode,
    IntelligenceAssessment,
    Priority,
    SourceEvaluation,
    SubjectKind,
)
from intelligence.models import IntelligenceLog
from intelligence.services import MAX_INCIDENTS
from pcso.forms import DATETIME_LOCAL_FORMATS, LocalDateTimeInput, point_widgets

GRADING_WIDGETS = {
    "source_evaluation": forms.RadioSelect,
    "intelligence_assessment": forms.RadioSelect,
    "handling_code": forms.RadioSelect,
    "priority": forms.RadioSelect,
    "handling_conditions": forms.Textarea(attrs={"rows": 2}),
}
GRADING_LABELS = {
    "source_evaluation": "Source evaluation",
    "intelligence_assessment": "Intelligence assessment",
    "handling_code": "Handling code",
    "handling_conditions": "Handling conditions (needed for C)",
    "priority": "Priority",
}


def coded(choices) -> list[tuple[str, str]]:
    """ "1: Reliable": the code officers know, with its words."""
    return [(value, f"{value}: {label}") for value, label in choices]


def grading_choices(form) -> None:
    fields = form.fields
    fields["source_evaluation"].choices = coded(SourceEvaluation.choices)
    fields["intelligence_assessment"].choices = coded(IntelligenceAssessment.choices)
    fields["handling_code"].choices = coded(HandlingCode.choices)
    fields["priority"].choices = Priority.choices
    for name in ("source_evaluation", "intelligence_assessment", "handling_code", "priority"):
        fields[name].required = True


def require_conditions(form) -> None:
    """A C needs its conditions: a field error (it also keeps the model's check constraint,
    which names no field, from answering first)."""
    data = form.cleaned_data
    if data.get("handling_code") == HandlingCode.CONDITIONS and not (data.get("handling_conditions") or "").strip():
        form.add_error("handling_conditions", "Handling code C needs its conditions: say what they are.")


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class SubmitForm(forms.ModelForm):
    """A PCSO's report from a phone: what, when, where (map), about whom, grading, priority;
    and, apart, who the source is."""

    people = forms.CharField(label="People (one per line)", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    places = forms.CharField(label="Places (one per line)", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    vehicles = forms.CharField(
        label="Vehicles (registration or description, one per line)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    incident_refs = forms.CharField(
        label="Linked incidents (optional)", required=False, help_text="References such as INC-000123, or numbers."
    )
    source_name = forms.CharField(
        label="Source's name", max_length=200, help_text="If you saw or heard it yourself, give your own name."
    )
    source_contact = forms.CharField(label="How to reach the source (optional)", max_length=200, required=False)
    source_relationship = forms.CharField(
        label="How the source knows (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )

    class Meta:
        model = IntelligenceLog
        fields = [
            "original_text", "occurred_at", "location_text", "latitude", "longitude", "neighbourhood",
            "source_evaluation", "intelligence_assessment", "handling_code", "handling_conditions", "priority",
        ]  # fmt: skip
        widgets = {
            **GRADING_WIDGETS,
            "original_text": forms.Textarea(attrs={"rows": 5}),
            "occurred_at": LocalDateTimeInput(),
            **point_widgets(),
        }
        labels = {
            **GRADING_LABELS,
            "original_text": "What did you learn?",
            "occurred_at": "When did it happen, or when did you learn it?",
            "location_text": "Where? (address or description)",
        }
        help_texts = {
            "original_text": "Facts only. Never write who told you, or anything that would identify them.",
            "location_text": "Or pick the place on the map.",
            "neighbourhood": "Leave blank to find it from the point on the map.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        grading_choices(self)
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.order_by("name", "id")
        self.fields["neighbourhood"].empty_label = "Find it from the map point"
        self.fields["occurred_at"].input_formats = DATETIME_LOCAL_FORMATS
        self.fields["occurred_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["priority"].initial = Priority.LOW

    def clean(self):
        cleaned = super().clean()
        require_conditions(self)
        return cleaned

    def clean_incident_refs(self) -> list[Incident]:
        numbers = sorted({int(n) for n in re.findall(r"\d+", self.cleaned_data["incident_refs"] or "")})
        if len(numbers) > MAX_INCIDENTS:
            raise forms.ValidationError(f"Link at most {MAX_INCIDENTS} incidents.")
        found = list(Incident.objects.filter(pk__in=numbers).order_by("pk"))
        missing = sorted(set(numbers) - {i.pk for i in found})
        if missing:
            raise forms.ValidationError(f"No incident {', '.join(f'INC-{n:06d}' for n in missing)}.")
        return found

    def report_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def subjects(self) -> list[dict]:
        kinds = {"people": SubjectKind.PERSON, "places": SubjectKind.PLACE, "vehicles": SubjectKind.VEHICLE}
        return [{"kind": kind, "text": text} for name, kind in kinds.items() for text in lines(self.cleaned_data[name])]

    def source(self) -> dict:
        data = self.cleaned_data
        return {name: data[f"source_{name}"] for name in ("name", "contact", "relationship")}


class EvaluateForm(forms.ModelForm):
    """The unit's evaluation: the text readers will see, the grading, who may read it."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = IntelligenceLog
        fields = [
            "sanitised_text", "source_evaluation", "intelligence_assessment", "handling_code", "handling_conditions",
            "conditions_permit_briefing", "priority", "dissemination",
        ]  # fmt: skip
        widgets = {
            **GRADING_WIDGETS,
            "sanitised_text": forms.Textarea(attrs={"rows": 6}),
            "dissemination": forms.RadioSelect,
        }
        labels = {
            **GRADING_LABELS,
            "sanitised_text": "Sanitised text (what readers will see)",
            "conditions_permit_briefing": "The conditions allow it in neighbourhood briefings",
            "dissemination": "Who may read it",
        }
        help_texts = {
            "sanitised_text": "Remove anything that could identify the source. The original is kept, restricted to "
            "the intelligence unit.",
            "conditions_permit_briefing": "Only for handling code C. Reports graded E never go into a briefing.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        grading_choices(self)
        self.fields["sanitised_text"].required = True
        self.fields["dissemination"].choices = Dissemination.choices

    def clean(self):
        cleaned = super().clean()
        require_conditions(self)
        return cleaned

    def evaluation(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "sanitised_text"}


class RejectForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(
        label="Reason for rejecting", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The submitter reads this.",
    )  # fmt: skip


class JustificationForm(forms.Form):
    justification = forms.CharField(
        label="Why do you need to see this?",
        max_length=2000,
        required=False,  # the selector enforces the setting and says so on this field
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Recorded with your name and the time in the audit log.",
    )
