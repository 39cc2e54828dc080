import django_filters
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .choices import (
    ACTIVE_PRIORITY_STATUSES,
    AgreementStatus,
    EngagementStatus,
    PatrolStatus,
    PrioritySource,
    PriorityStatus,
)
from .models import Engagement, PatrolPlan, Priority, SharingAgreement


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


class SharingAgreementFilterSet(django_filters.FilterSet):
    """One filter set for the agreements page and the `sharing-agreements/` API."""

    status = django_filters.MultipleChoiceFilter(choices=AgreementStatus.choices)
    party = django_filters.CharFilter(method="filter_party", label="Party (agency code)")
    review_due = django_filters.BooleanFilter(method="filter_review_due", label="Review due soon")

    class Meta:
        model = SharingAgreement
        fields = ["status", "party", "review_due"]

    def filter_party(self, queryset, name, value):
        # One subquery on the parties table: no join that could duplicate rows.
        through = SharingAgreement.parties.through.objects.filter(partneragency__code=value)
        return queryset.filter(pk__in=through.values("sharingagreement_id"))

    def filter_review_due(self, queryset, name, value):
        due = queryset.review_due(timezone.localdate(), settings.AGREEMENT_REVIEW_NOTICE_DAYS)
        return due if value else queryset.exclude(pk__in=due.values("pk"))


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
