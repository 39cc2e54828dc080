import django_filters

from briefings.models import Briefing


class BriefingFilterSet(django_filters.FilterSet):
    """One filter set for the briefings page and the `briefings/` API."""

    neighbourhood = django_filters.CharFilter(field_name="neighbourhood__code", label="Neighbourhood code")
    date = django_filters.DateFilter()

    class Meta:
        model = Briefing
        fields = ["neighbourhood", "date"]
