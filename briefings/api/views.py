from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from briefings.api.serializers import AcknowledgementSerializer, BriefingListSerializer, BriefingSerializer
from briefings.filtersets import BriefingFilterSet
from briefings.selectors import briefing_get, briefing_list
from briefings.services.generate import briefing_acknowledge


class BriefingViewSet(viewsets.ReadOnlyModelViewSet):
    """Daily area briefings. Reading one is a consultation; `acknowledge` records that you read it."""

    filterset_class = BriefingFilterSet
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        queryset = briefing_list(actor=self.request.user)
        if self.action != "list":
            queryset = queryset.prefetch_related("acknowledgements__user")
        return queryset

    def get_serializer_class(self):
        return BriefingListSerializer if self.action == "list" else BriefingSerializer

    def retrieve(self, request, *args, **kwargs):
        briefing = briefing_get(actor=request.user, pk=kwargs["pk"])
        briefing = self.get_queryset().get(pk=briefing.pk)
        return Response(self.get_serializer(briefing).data)

    @extend_schema(request=None, responses={201: AcknowledgementSerializer, 200: AcknowledgementSerializer})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        briefing = briefing_get(actor=request.user, pk=pk, action="briefing.view_to_acknowledge")
        already = briefing.acknowledgements.filter(user=request.user).exists()
        acknowledgement = briefing_acknowledge(actor=request.user, briefing=briefing)
        code = status.HTTP_200_OK if already else status.HTTP_201_CREATED
        return Response(AcknowledgementSerializer(acknowledgement).data, status=code)
