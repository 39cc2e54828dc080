import django_filters
from django.db.models import Q

from incidents.choices import (
    ACTIVE_STATUSES,
    AsbCaseStatus,
    AsbQualifier,
    IncidentStatus,
    NoticeStatus,
    NoticeType,
    RiskLevel,
)
from incidents.models.asb import AsbCase
from incidents.models.incidents import Incident, IncidentCategory
from incidents.models.notices import NoticeOffence, PenaltyNotice


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
