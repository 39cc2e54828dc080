import django_filters

from .choices import PatrolStatus
from .models import PatrolPlan


class PatrolPlanFilterSet(django_filters.FilterSet):
    """One filter set for the patrols page and the `patrols/` API."""

    neighbourhood = django_filters.CharFilter(field_name="neighbourhood__code", label="Neighbourhood code")
    date = django_filters.DateFilter(method="filter_date", label="Shift on (date)")
    officer = django_filters.CharFilter(method="filter_officer", label="Officer (username)")
    status = django_filters.MultipleChoiceFilter(choices=PatrolStatus.choices)

    class Meta:
        model = PatrolPlan
        fields = ["neighbourhood", "date", "officer", "status"]

    def filter_date(self, queryset, name, value):
        return queryset.on_day(value)

    def filter_officer(self, queryset, name, value):
        # One subquery, so the officers join cannot duplicate or leak rows.
        through = PatrolPlan.officers.through.objects.filter(user__username=value)
        return queryset.filter(pk__in=through.values("patrolplan_id"))
