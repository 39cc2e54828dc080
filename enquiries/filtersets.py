import django_filters

from enquiries.choices import EnquiryStatus
from enquiries.models import Enquiry


class EnquiryFilterSet(django_filters.FilterSet):
    """One filter set for the enquiries page and the `enquiries/` API."""

    neighbourhood = django_filters.CharFilter(field_name="neighbourhood__code", label="Neighbourhood code")
    status = django_filters.ChoiceFilter(choices=EnquiryStatus.choices)
    incident = django_filters.NumberFilter(field_name="incident", label="For incident (id)")
    coordinator = django_filters.CharFilter(field_name="coordinator__username", label="Coordinator (username)")
    revisits_due = django_filters.BooleanFilter(method="filter_revisits_due", label="Has revisits due")

    class Meta:
        model = Enquiry
        fields = ["neighbourhood", "status", "incident", "coordinator", "revisits_due"]

    def filter_revisits_due(self, queryset, name, value):
        # On the list's annotation: one query, no second join on premises.
        return queryset.filter(revisits_due__gt=0) if value else queryset.filter(revisits_due=0)
