import re

from django import forms
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from community.choices import ACTIVE_PRIORITY_STATUSES
from community.models.engagements import Priority
from community.models.neighbourhoods import Neighbourhood
from incidents.choices import AsbCaseRole, AsbQualifier, NoticeStatus, PersonRole, RiskLevel
from incidents.models.asb import AsbCase, AsbTool
from incidents.models.incidents import AsbSubtype, Incident, IncidentCategory
from incidents.models.notices import NoticeOffence, PenaltyNotice
from incidents.policies import ASSIGNABLE_ROLES
from incidents.services.incidents import EDITABLE_FIELDS, THRIVE_FIELDS
from pcso.forms import DATETIME_LOCAL_FORMATS, LocalDateTimeInput, point_widgets


class IncidentForm(forms.ModelForm):
    """Logging (and editing) an incident from a phone: the short fields first, THRIVE folded away."""

    class Meta:
        model = Incident
        fields = EDITABLE_FIELDS
        widgets = {
            "asb_qualifier": forms.RadioSelect,
            "occurred_at": LocalDateTimeInput(),
            **point_widgets(),
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
            "priority": "PACT priority it bears on (optional)",
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
        fields["occurred_at"].input_formats = DATETIME_LOCAL_FORMATS
        # Proposed and active priorities only (a closed one keeps its link when editing).
        fields["priority"].queryset = Priority.objects.filter(
            Q(status__in=["proposed", *ACTIVE_PRIORITY_STATUSES]) | Q(pk=self.instance.priority_id)
        ).select_related("neighbourhood")
        fields["priority"].label_from_instance = lambda p: f"{p.neighbourhood.name}: {p.reference} {p.short_issue}"
        fields["priority"].empty_label = "None"
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


# --- ASB cases -----------------------------------------------------------------------

REFERENCE_SPLIT = re.compile(r"[\s,;]+")


class IncidentReferencesField(forms.CharField):
    """Incident references typed as "INC-000012, 15": the incidents, in the order given."""

    def to_python(self, value):
        text = super().to_python(value)
        ids = []
        for token in filter(None, REFERENCE_SPLIT.split(text)):
            digits = token.upper().removeprefix("INC-")
            if not digits.isdigit() or len(digits) > 12:
                raise forms.ValidationError(f"“{token[:20]}” is not an incident reference (like INC-000012).")
            ids.append(int(digits))
        if len(ids) > 200:
            raise forms.ValidationError("Link at most 200 incidents at a time.")
        found = Incident.objects.select_related("opening_category").in_bulk(ids)
        missing = [i for i in ids if i not in found]
        if missing:
            raise forms.ValidationError(f"No incident INC-{missing[0]:06d}.")
        return list(dict.fromkeys(found[i] for i in ids))


class AsbCaseForm(forms.ModelForm):
    """Opening an ASB case: what it is about, its incidents and, optionally, a perpetrator."""

    incidents = IncidentReferencesField(
        label="Incidents", max_length=3000, help_text="Incident references, e.g. INC-000012, INC-000015"
    )
    risk_level = forms.ChoiceField(label="Risk level", choices=RiskLevel.choices, initial=RiskLevel.STANDARD)
    perpetrator_name = forms.CharField(label="Perpetrator: name (optional)", max_length=200, required=False)
    perpetrator_contact = forms.CharField(label="Perpetrator: address or contact", max_length=200, required=False)

    class Meta:
        model = AsbCase
        fields = ["title", "summary", "neighbourhood"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}
        labels = {"title": "Case title", "summary": "Summary (optional)"}
        help_texts = {"neighbourhood": "Leave blank to take it from the first incident."}

    def __init__(self, *args, may_set_risk: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.order_by("name", "id")
        self.fields["neighbourhood"].empty_label = "From the incidents"
        if not may_set_risk:
            del self.fields["risk_level"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("perpetrator_contact") and not cleaned.get("perpetrator_name"):
            self.add_error("perpetrator_name", "Give the name with the contact details.")
        return cleaned

    def perpetrators(self) -> list[dict]:
        data = self.cleaned_data
        if not data["perpetrator_name"]:
            return []
        return [{"role": "perpetrator", "name": data["perpetrator_name"], "contact": data["perpetrator_contact"]}]


class AsbCaseEditForm(forms.ModelForm):
    """`version` is the version the editor started from; a newer one means someone else changed it."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = AsbCase
        fields = ["title", "summary", "neighbourhood", "status"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, may_close: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.order_by("name", "id")
        if not may_close:
            del self.fields["status"]

    def case_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}


class AsbAddIncidentsForm(forms.Form):
    incidents = IncidentReferencesField(label="Add incidents", max_length=3000, help_text="e.g. INC-000012, 15")
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AsbAddPersonForm(forms.Form):
    role = forms.ChoiceField(label="Link as", choices=AsbCaseRole.choices, initial=AsbCaseRole.PERPETRATOR)
    name = forms.CharField(label="Name", max_length=200)
    contact = forms.CharField(label="Address or contact (optional)", max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AsbActionForm(forms.Form):
    tool = forms.ModelChoiceField(queryset=AsbTool.objects.filter(is_active=True), label="Tool or power used")
    taken_on = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    issued_to = forms.CharField(label="Issued to", max_length=200)
    expires_on = forms.DateField(
        label="Expires (optional)", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    details = forms.CharField(label="Details (optional)", required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tool"].empty_label = "Choose a tool"
        if not self.is_bound:
            self.fields["taken_on"].initial = timezone.localdate()


class AsbReviewForm(forms.Form):
    risk_level = forms.ChoiceField(label="Risk level", choices=RiskLevel.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


# --- Penalty notices -------------------------------------------------------------------


class NoticeForm(forms.ModelForm):
    """Issuing a notice from a phone: only the offences the officer is designated for are offered."""

    class Meta:
        model = PenaltyNotice
        fields = ["offence", "issued_at", "recipient_name", "recipient_address", "location_text", "neighbourhood"]
        widgets = {"issued_at": LocalDateTimeInput()}
        labels = {
            "offence": "Offence",
            "issued_at": "When was it issued?",
            "recipient_name": "Issued to: name",
            "recipient_address": "Issued to: address (optional)",
            "location_text": "Where?",
        }

    def __init__(self, *args, offences=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offence"].queryset = offences if offences is not None else NoticeOffence.objects.none()
        self.fields["offence"].empty_label = "Choose the offence"
        self.fields["offence"].label_from_instance = lambda o: f"{o.name} (£{o.amount})"
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.order_by("name", "id")
        self.fields["issued_at"].input_formats = DATETIME_LOCAL_FORMATS
        if not self.is_bound:
            self.fields["issued_at"].initial = timezone.localtime().replace(second=0, microsecond=0)

    def notice_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "offence"}


class NoticeStatusForm(forms.Form):
    status = forms.ChoiceField(label="New status", choices=NoticeStatus.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class DesignationForm(forms.Form):
    offences = forms.ModelMultipleChoiceField(
        queryset=NoticeOffence.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="May issue notices for",
    )
