from rest_framework import viewsets

from community.models import Neighbourhood

from .serializers import NeighbourhoodSerializer


class NeighbourhoodViewSet(viewsets.ReadOnlyModelViewSet):
    """Neighbourhoods by `code`. Changed through `load_neighbourhoods`, which also re-places crimes."""

    serializer_class = NeighbourhoodSerializer
    lookup_field = "code"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def get_queryset(self):
        return Neighbourhood.objects.visible_to(self.request.user).prefetch_related("lsoas").order_by("name", "id")
