from datetime import date

import django_filters
from django.core.validators import RegexValidator

from crimes.choices import CrimeCategory, CrimeSource
from crimes.models import Crime

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
