import django_filters
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from incidents.models.asb import AsbCase
from partners.choices import AgreementStatus
from partners.models import NoteShare, SharingAgreement


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
