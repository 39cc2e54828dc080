import django_filters
from django.db.models import Q

from intelligence.choices import (
    HandlingCode,
    IntelligenceAssessment,
    LogStatus,
    Priority,
    SourceEvaluation,
    SubjectKind,
)
from intelligence.models import IntelligenceLog, IntelligenceSubject, subject_key


def subject_match(kind: str | None, value: str) -> Q:
    """Reports with a linked subject whose normalised text contains `value` (one subquery,
    so combining two subject filters cannot join the subjects twice)."""
    if kind:
        subjects = IntelligenceSubject.objects.filter(kind=kind, key__contains=subject_key(kind, value))
    else:
        words, plate = subject_key(SubjectKind.PERSON, value), subject_key(SubjectKind.VEHICLE, value)
        subjects = IntelligenceSubject.objects.filter(Q(key__contains=words) | Q(key__contains=plate))
    return Q(pk__in=subjects.values("log_id"))


class IntelligenceLogFilterSet(django_filters.FilterSet):
    """One filter set for the search page and the `intelligence-logs/` API.

    `q` searches the text the reader is shown: the sanitised text of an evaluated report,
    the submitted text of one still awaiting evaluation (which only its submitter and the
    unit can see), and the linked people, places and vehicles. Never an unsanitised original.
    """

    q = django_filters.CharFilter(method="filter_text", label="Text")
    person = django_filters.CharFilter(method="filter_person", label="Person")
    place = django_filters.CharFilter(method="filter_place", label="Place")
    vehicle = django_filters.CharFilter(method="filter_vehicle", label="Vehicle")
    neighbourhood = django_filters.CharFilter(field_name="neighbourhood__code", label="Neighbourhood code")
    status = django_filters.ChoiceFilter(choices=LogStatus.choices)
    source_evaluation = django_filters.ChoiceFilter(choices=SourceEvaluation.choices)
    intelligence_assessment = django_filters.ChoiceFilter(choices=IntelligenceAssessment.choices)
    handling_code = django_filters.ChoiceFilter(choices=HandlingCode.choices)
    priority = django_filters.ChoiceFilter(choices=Priority.choices)
    occurred_after = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="gte")
    occurred_before = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="lt")
    incident = django_filters.NumberFilter(field_name="incidents", label="Linked incident (id)")

    class Meta:
        model = IntelligenceLog
        fields = [
            "q", "person", "place", "vehicle", "neighbourhood", "status", "source_evaluation",
            "intelligence_assessment", "handling_code", "priority", "occurred_after", "occurred_before", "incident",
        ]  # fmt: skip

    def filter_text(self, queryset, name, value):
        shown = Q(status=LogStatus.EVALUATED, sanitised_text__icontains=value) | (
            ~Q(status=LogStatus.EVALUATED) & Q(original_text__icontains=value)
        )
        return queryset.filter(shown | subject_match(None, value))

    def filter_person(self, queryset, name, value):
        return queryset.filter(subject_match(SubjectKind.PERSON, value))

    def filter_place(self, queryset, name, value):
        return queryset.filter(Q(location_text__icontains=value) | subject_match(SubjectKind.PLACE, value))

    def filter_vehicle(self, queryset, name, value):
        return queryset.filter(subject_match(SubjectKind.VEHICLE, value))
