from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from audit.services import audit_consultation
from community.api.serializers import NeighbourhoodSerializer, PoliceUkExportSerializer
from community.models.neighbourhoods import Neighbourhood
from community.selectors import police_uk_export


class NeighbourhoodViewSet(viewsets.ReadOnlyModelViewSet):
    """Neighbourhoods by `code`. Changed through `load_neighbourhoods`, which also re-places crimes."""

    serializer_class = NeighbourhoodSerializer
    lookup_field = "code"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def get_queryset(self):
        return Neighbourhood.objects.visible_to(self.request.user).prefetch_related("lsoas").order_by("name", "id")

    @extend_schema(responses=PoliceUkExportSerializer)
    @action(detail=True, methods=["get"], url_path="police-uk")
    def police_uk(self, request, code=None):
        """The neighbourhood's priorities and upcoming published events in police.uk's shape."""
        neighbourhood = self.get_object()
        audit_consultation(
            actor=request.user,
            action="priority.export",
            obj=neighbourhood,
            details={"format": "police.uk", "source": "api"},
        )
        return Response(police_uk_export(neighbourhood=neighbourhood))
