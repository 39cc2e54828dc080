import django_filters
from django.db.models import Q

from community.choices import ACTIVE_PRIORITY_STATUSES, EngagementStatus, PatrolStatus, PrioritySource, PriorityStatus
from community.models.engagements import Engagement, Priority
from community.models.neighbourhoods import PatrolPlan


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


class EngagementFilterSet(django_filters.FilterSet):
    """One filter set for the engagements page and the `engagements/` API."""

    neighbourhood = django_filters.CharFilter(field_name="neighbourhood__code", label="Neighbourhood code")
    engagement_type = django_filters.CharFilter(field_name="engagement_type__code", label="Type (code)")
    status = django_filters.MultipleChoiceFilter(choices=EngagementStatus.choices)
    starts_from = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__gte", label="From (date)")
    starts_to = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__lte", label="To (date)")
    q = django_filters.CharFilter(method="filter_text", label="Title, topics or concerns")

    class Meta:
        model = Engagement
        fields = ["neighbourhood", "engagement_type", "status", "starts_from", "starts_to", "q"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(topics__icontains=value) | Q(concerns__icontains=value))


class PriorityFilterSet(django_filters.FilterSet):
    """One filter set for the priorities page and the `priorities/` API."""

    neighbourhood = django_filters.CharFilter(field_name="neighbourhood__code", label="Neighbourhood code")
    status = django_filters.MultipleChoiceFilter(choices=PriorityStatus.choices)
    source = django_filters.ChoiceFilter(choices=PrioritySource.choices)
    active = django_filters.BooleanFilter(method="filter_active", label="Active only")

    class Meta:
        model = Priority
        fields = ["neighbourhood", "status", "source", "active"]

    def filter_active(self, queryset, name, value):
        active = Q(status__in=ACTIVE_PRIORITY_STATUSES)
        return queryset.filter(active) if value else queryset.exclude(active)
