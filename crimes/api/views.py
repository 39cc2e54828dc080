from rest_framework import viewsets

from audit.services import audit_consultation
from crimes.api.serializers import CrimeSerializer
from crimes.filtersets import CrimeFilterSet
from crimes.selectors import crime_list


class CrimeViewSet(viewsets.ReadOnlyModelViewSet):
    """Recorded crime (public monthly and dated force records). Read-only; internal users only."""

    serializer_class = CrimeSerializer
    filterset_class = CrimeFilterSet
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return crime_list(actor=self.request.user)

    def list(self, request, *args, **kwargs):
        audit_consultation(actor=request.user, action="crime.search", details={"filters": request.query_params.dict()})
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        crime = self.get_object()
        audit_consultation(actor=request.user, action="crime.view", obj=crime)
        return super().retrieve(request, *args, **kwargs)
