import django_filters

from audit.choices import Category, Outcome, Source
from audit.labels import labels_for
from audit.models import AuditEvent


class AuditEventFilterSet(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(choices=Category.choices)
    outcome = django_filters.ChoiceFilter(choices=Outcome.choices)
    source = django_filters.ChoiceFilter(choices=Source.choices)
    action = django_filters.CharFilter()
    actor = django_filters.CharFilter(field_name="actor_username", label="Actor username")
    # A model that moved app is found under its old label too (audit.labels).
    object_type = django_filters.CharFilter(method="filter_object_type")
    object_id = django_filters.CharFilter()
    request_id = django_filters.CharFilter()
    occurred_after = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="gte")
    occurred_before = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="lt")

    class Meta:
        model = AuditEvent
        fields = ["category", "outcome", "source", "action", "actor", "object_type", "object_id", "request_id"]

    def filter_object_type(self, queryset, name, value):
        return queryset.filter(object_type__in=labels_for(value))
