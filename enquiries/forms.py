"""Forms of the house-to-house pages (docs/enquiries.md). They parse what was typed; the
services decide what is allowed."""

import json

from django import forms
from django.utils import timezone

from enquiries.choices import EnquiryScope
from enquiries.models import Enquiry, QuestionTemplate, VisitOutcome
from enquiries.selectors import enquiry_officers
from pcso.forms import LocalDateTimeInput, latitude_form_field, longitude_form_field

PEOPLE_ROWS = 3


FORM_FIELDS = ["title", "scope", "streets", "area", "rationale", "coordinator"]


class AreaField(forms.CharField):
    """The GeoJSON polygon the map writes into a hidden input."""

    widget = forms.HiddenInput

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        try:
            return json.loads(value)
        except ValueError as exc:
            raise forms.ValidationError("The drawn area could not be read: draw it again.") from exc

    def prepare_value(self, value):
        return json.dumps(value) if isinstance(value, dict) else value


class EnquiryEditForm(forms.ModelForm):
    area = AreaField(required=False)
    coordinator = forms.ModelChoiceField(queryset=enquiry_officers(), required=False, to_field_name="username")
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Enquiry
        fields = FORM_FIELDS
        widgets = {
            "scope": forms.RadioSelect,
            "streets": forms.Textarea(attrs={"rows": 3}),
            "rationale": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"scope": "The enquiry covers", "streets": "Streets to cover", "rationale": "Rationale"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = enquiry_officers()
        self.fields["coordinator"].help_text = "Who runs it and closes it"
        self.fields["coordinator"].empty_label = "Me"
        if self.instance.pk:
            self.fields["coordinator"].required = True
            self.initial.setdefault("coordinator", self.instance.coordinator.username)
        self.fields["scope"].choices = EnquiryScope.choices

    def enquiry_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in FORM_FIELDS}
        if data["coordinator"] is None:
            data.pop("coordinator")
        return data


class EnquiryForm(EnquiryEditForm):
    """Setting up: the incident, the parameters, the questionnaire and, optionally, the premises CSV."""

    incident = forms.RegexField(
        regex=r"(?i)^\s*(?:INC-)?0*[1-9]\d{0,11}\s*$",
        label="Incident number",
        help_text="e.g. INC-000123",
        error_messages={"invalid": "Give the incident's number, like INC-000123."},
    )
    question_templates = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple, required=False, label="Questions to ask"
    )
    extra_questions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Other questions",
        help_text="One per line, e.g. “Were you home between 01:00 and 03:00 on Sunday?”",
    )
    premises_file = forms.FileField(
        required=False,
        label="Premises list (CSV)",
        help_text="Header address,latitude,longitude; coordinates optional. You can add more later.",
    )
    version = None

    field_order = ["incident", "title", "scope", "streets", "rationale", "coordinator", "question_templates"]

    def clean_incident(self) -> int:
        return int(self.cleaned_data["incident"].strip().upper().removeprefix("INC-"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        templates = QuestionTemplate.objects.filter(is_active=True)
        self.fields["question_templates"].choices = [(t.code, t.text) for t in templates]


class PremisesForm(forms.Form):
    address = forms.CharField(max_length=255)
    latitude = latitude_form_field(required=False)
    longitude = longitude_form_field(required=False)


class PremisesImportForm(forms.Form):
    file = forms.FileField(label="CSV of addresses", help_text="Header address,latitude,longitude")


class VisitForm(forms.Form):
    """A visit at the door, on a phone: outcome first, then what was said."""

    outcome = forms.ModelChoiceField(
        queryset=VisitOutcome.objects.none(), widget=forms.RadioSelect, to_field_name="code", empty_label=None
    )
    visited_at = forms.DateTimeField(widget=LocalDateTimeInput(), label="When")
    card_reference = forms.CharField(max_length=50, required=False, label="Card reference (no reply)")
    revisit_due_at = forms.DateTimeField(
        widget=LocalDateTimeInput(), required=False, label="Call back by", help_text="For a no-reply or a call-back"
    )
    revisit_officer = forms.ModelChoiceField(
        queryset=enquiry_officers().none(), required=False, to_field_name="username", label="Who calls back",
        help_text="Blank: whoever made this visit",
    )  # fmt: skip
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=4000)
    follow_up = forms.CharField(
        max_length=1000,
        required=False,
        label="Follow-up needed",
        help_text="e.g. Collect CCTV from the doorbell camera",
    )

    def __init__(self, *args, questions: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].queryset = VisitOutcome.objects.filter(is_active=True)
        self.fields["revisit_officer"].queryset = enquiry_officers()
        self.fields["visited_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.questions = questions
        for question in questions:
            self.fields[f"answer_{question['code']}"] = forms.CharField(
                label=question["text"], required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
            )
        for n in range(1, PEOPLE_ROWS + 1):
            name = forms.CharField(label=f"Person spoken to ({n})", required=False, max_length=200)
            self.fields[f"person_{n}"] = name
            self.fields[f"present_{n}"] = forms.BooleanField(
                label=f"Person {n} present at the relevant time", required=False
            )

    def answer_fields(self):
        return [self[f"answer_{q['code']}"] for q in self.questions]

    def people_fields(self):
        return [(self[f"person_{n}"], self[f"present_{n}"]) for n in range(1, PEOPLE_ROWS + 1)]

    def visit_data(self) -> dict:
        data = self.cleaned_data
        return {
            "outcome": data["outcome"],
            "visited_at": data["visited_at"],
            "card_reference": data["card_reference"],
            "revisit_due_at": data["revisit_due_at"],
            "revisit_officer": data["revisit_officer"],
            "notes": data["notes"],
            "follow_up": data["follow_up"],
            "answers": {q["code"]: data[f"answer_{q['code']}"] for q in self.questions},
            "people": [
                {"name": data[f"person_{n}"], "present": data[f"present_{n}"]} for n in range(1, PEOPLE_ROWS + 1)
            ],
        }


class EnquiryCloseForm(forms.Form):
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=4000, label="Summary")
    unreached_reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
        label="Why close with premises not completed",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
