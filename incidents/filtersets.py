from datetime import date

import django_filters
from django.core.validators import RegexValidator
from django.db.models import Q

from .choices import (
    ACTIVE_STATUSES,
    AsbCaseStatus,
    AsbQualifier,
    CrimeCategory,
    CrimeSource,
    EnquiryStatus,
    IncidentStatus,
    MissingCaseStatus,
    MissingRiskLevel,
    NoticeStatus,
    NoticeType,
    RiskLevel,
)
from .models import (
    AsbCase,
    Crime,
    Enquiry,
    Incident,
    IncidentCategory,
    MissingPersonCase,
    NoteShare,
    NoticeOffence,
    PenaltyNotice,
)

month_validator = RegexValidator(r"^\d{4}-(0[1-9]|1[0-2])$", "Enter a month as YYYY-MM.")


class CrimeFilterSet(django_filters.FilterSet):
    """One filter set for the crimes page and the `crimes/` API."""

    neighbourhood = django_filters.CharFilter(field_name="neighbourhood__code", label="Neighbourhood code")
    month = django_filters.CharFilter(method="filter_month", validators=[month_validator], label="Month (YYYY-MM)")
    category = django_filters.ChoiceFilter(choices=CrimeCategory.choices)
    source = django_filters.ChoiceFilter(choices=CrimeSource.choices)
    occurred_after = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="gte")
    occurred_before = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="lt")
    unassigned = django_filters.BooleanFilter(
        field_name="neighbourhood", lookup_expr="isnull", label="Outside every neighbourhood"
    )

    class Meta:
        model = Crime
        fields = ["neighbourhood", "month", "category", "source", "occurred_after", "occurred_before", "unassigned"]

    def filter_month(self, queryset, name, value):
        year, month = value.split("-")
        return queryset.filter(month=date(int(year), int(month), 1))


class IncidentFilterSet(django_filters.FilterSet):
    """One filter set for the incidents page and the `incidents/` API."""

    neighbourhood = django_filters.CharFilter(field_name="neighbourhood__code", label="Neighbourhood code")
    status = django_filters.MultipleChoiceFilter(choices=IncidentStatus.choices)
    active = django_filters.BooleanFilter(method="filter_active", label="Still open (open, assigned or in progress)")
    category = django_filters.ModelChoiceFilter(
        field_name="opening_category", to_field_name="code", queryset=IncidentCategory.objects.all(), label="Category"
    )
    asb_qualifier = django_filters.ChoiceFilter(choices=AsbQualifier.choices, label="ASB qualifier")
    assignee = django_filters.CharFilter(field_name="assignee__username", label="Assigned to (username)")
    repeat = django_filters.BooleanFilter(method="filter_repeat", label="Repeat location or victim/caller")
    occurred_after = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="gte")
    occurred_before = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="lt")

    class Meta:
        model = Incident
        fields = [
            "neighbourhood", "status", "active", "category", "asb_qualifier", "assignee", "repeat",
            "occurred_after", "occurred_before",
        ]  # fmt: skip

    def filter_active(self, queryset, name, value):
        return queryset.filter(status__in=ACTIVE_STATUSES) if value else queryset.exclude(status__in=ACTIVE_STATUSES)

    def filter_repeat(self, queryset, name, value):
        repeat = Q(repeat_location=True) | Q(repeat_person=True)
        return queryset.filter(repeat) if value else queryset.exclude(repeat)


class AsbCaseFilterSet(django_filters.FilterSet):
    """One filter set for the ASB cases page and the `asb-cases/` API."""

    neighbourhood = django_filters.CharFilter(field_name="neighbourhood__code", label="Neighbourhood code")
    status = django_filters.ChoiceFilter(choices=AsbCaseStatus.choices)
    risk_level = django_filters.ChoiceFilter(choices=RiskLevel.choices, label="Risk level")
    review_due_by = django_filters.DateFilter(field_name="next_review_on", lookup_expr="lte", label="Review due by")
    review_threshold_met = django_filters.BooleanFilter(
        field_name="review_threshold_met_on", lookup_expr="isnull", exclude=True, label="Case review threshold met"
    )
    incident = django_filters.NumberFilter(field_name="incidents", label="Includes incident (id)")

    class Meta:
        model = AsbCase
        fields = ["neighbourhood", "status", "risk_level", "review_due_by", "review_threshold_met", "incident"]


class PenaltyNoticeFilterSet(django_filters.FilterSet):
    """One filter set for the notice register page and the `notices/` API."""

    neighbourhood = django_filters.CharFilter(field_name="neighbourhood__code", label="Neighbourhood code")
    status = django_filters.MultipleChoiceFilter(choices=NoticeStatus.choices)
    notice_type = django_filters.ChoiceFilter(choices=NoticeType.choices, label="Kind of notice")
    offence = django_filters.ModelChoiceFilter(
        to_field_name="code", queryset=NoticeOffence.objects.all(), label="Offence"
    )
    issued_by = django_filters.CharFilter(field_name="issued_by__username", label="Issued by (username)")
    issued_after = django_filters.IsoDateTimeFilter(field_name="issued_at", lookup_expr="gte")
    issued_before = django_filters.IsoDateTimeFilter(field_name="issued_at", lookup_expr="lt")

    class Meta:
        model = PenaltyNotice
        fields = ["neighbourhood", "status", "notice_type", "offence", "issued_by", "issued_after", "issued_before"]


class NoteShareFilterSet(django_filters.FilterSet):
    """One filter set for the police users' `shares/` API (what was disclosed, to whom)."""

    agency = django_filters.CharFilter(field_name="agency__code", label="Agency code")
    agreement = django_filters.NumberFilter(field_name="agreement_id", label="Agreement id")
    incident = django_filters.NumberFilter(field_name="note__incident_id", label="Incident id")
    asb_case = django_filters.NumberFilter(method="filter_asb_case", label="ASB case id")
    current = django_filters.BooleanFilter(field_name="revoked_at", lookup_expr="isnull", label="Not revoked")
    action_open = django_filters.BooleanFilter(method="filter_action_open", label="Action not done yet")

    class Meta:
        model = NoteShare
        fields = ["agency", "agreement", "incident", "asb_case", "current", "action_open"]

    def filter_asb_case(self, queryset, name, value):
        links = AsbCase.incidents.through.objects.filter(asbcase_id=value).values("incident_id")
        return queryset.filter(note__incident__in=links)

    def filter_action_open(self, queryset, name, value):
        open_actions = Q(action_due_at__isnull=False, action_done_at__isnull=True) | (
            ~Q(action="") & Q(action_done_at__isnull=True)
        )
        return queryset.filter(open_actions) if value else queryset.exclude(open_actions)


class MissingPersonCaseFilterSet(django_filters.FilterSet):
    """One filter set for the missing-person cases page and the `missing-person-cases/` API.
    Every use is logged with its filters (restricted data)."""

    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Name contains")
    neighbourhood = django_filters.CharFilter(field_name="neighbourhood__code", label="Neighbourhood code")
    status = django_filters.ChoiceFilter(choices=MissingCaseStatus.choices)
    risk_level = django_filters.ChoiceFilter(choices=MissingRiskLevel.choices, label="Risk level")
    review_overdue = django_filters.BooleanFilter(
        field_name="review_overdue_since", lookup_expr="isnull", exclude=True, label="Supervisor review overdue"
    )
    missing_after = django_filters.IsoDateTimeFilter(field_name="missing_since", lookup_expr="gte")
    missing_before = django_filters.IsoDateTimeFilter(field_name="missing_since", lookup_expr="lt")

    class Meta:
        model = MissingPersonCase
        fields = ["q", "neighbourhood", "status", "risk_level", "review_overdue", "missing_after", "missing_before"]


class EnquiryFilterSet(django_filters.FilterSet):
    """One filter set for the enquiries page and the `enquiries/` API."""

    neighbourhood = django_filters.CharFilter(field_name="neighbourhood__code", label="Neighbourhood code")
    status = django_filters.ChoiceFilter(choices=EnquiryStatus.choices)
    incident = django_filters.NumberFilter(field_name="incident", label="For incident (id)")
    coordinator = django_filters.CharFilter(field_name="coordinator__username", label="Coordinator (username)")
    revisits_due = django_filters.BooleanFilter(method="filter_revisits_due", label="Has revisits due")

    class Meta:
        model = Enquiry
        fields = ["neighbourhood", "status", "incident", "coordinator", "revisits_due"]

    def filter_revisits_due(self, queryset, name, value):
        # On the list's annotation: one query, no second join on premises.
        return queryset.filter(revisits_due__gt=0) if value else queryset.filter(revisits_due=0)
