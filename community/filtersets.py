import django_filters
from django.conf import settings
from django.utils import timezone

from .choices import AgreementStatus, PatrolStatus
from .models import PatrolPlan, SharingAgreement


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
