import django_filters

from missing_persons.choices import MissingCaseStatus, MissingRiskLevel
from missing_persons.models import MissingPersonCase


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
