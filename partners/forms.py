from django import forms

from accounts.models import PartnerAgency
from accounts.services import AGENCY_FIELDS
from partners.models import SharingAgreement
from partners.services.agreements import AGREEMENT_FIELDS
from pcso.forms import DATETIME_LOCAL_FORMATS, LocalDateTimeInput

# --- Sharing notes with partner agencies (docs/partners.md) -----------------------------


class ShareNoteForm(forms.Form):
    """An officer discloses one note to one or more agencies under an agreement."""

    agencies = forms.ModelMultipleChoiceField(
        queryset=PartnerAgency.objects.none(), widget=forms.CheckboxSelectMultiple, label="Share with"
    )
    agreement = forms.ModelChoiceField(
        queryset=SharingAgreement.objects.none(), label="Under the agreement", empty_label="Choose an agreement"
    )
    purpose = forms.CharField(
        max_length=2000, widget=forms.Textarea(attrs={"rows": 2}), label="Purpose of this disclosure"
    )
    include_neighbourhood = forms.BooleanField(required=False, initial=True, label="Include the neighbourhood")
    include_reference = forms.BooleanField(required=False, initial=True, label="Include the case reference")
    action = forms.CharField(
        max_length=500, required=False, label="Ask the agency to do something (optional)",
        help_text="E.g. a return home interview. They see it with its deadline and mark it done.",
    )  # fmt: skip
    action_due_at = forms.DateTimeField(
        required=False,
        label="By (date and time)",
        widget=LocalDateTimeInput(),
        input_formats=DATETIME_LOCAL_FORMATS,
    )

    def __init__(self, *args, agencies, agreements, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies
        self.fields["agreement"].queryset = agreements

        # A blocked agreement stays in the list, marked, so the refusal can say why.
        def label(agreement) -> str:
            blocked = " (sharing blocked)" if agreement.blocks_sharing(today) else ""
            return f"{agreement.reference} {agreement.title}{blocked}"

        self.fields["agreement"].label_from_instance = label

    def share_options(self) -> dict:
        names = ["purpose", "include_neighbourhood", "include_reference", "action", "action_due_at"]
        return {name: self.cleaned_data[name] for name in names}


class ReplyForm(forms.Form):
    body = forms.CharField(label="Reply to the police", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class RevokeForm(forms.Form):
    reason = forms.CharField(max_length=500, required=False, label="Why (optional)")


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
