from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action

from accounts.roles import Capability
from audit.services import audit_consultation
from incidents.api.serializers import (
    DesignationSerializer,
    DesignationUpdateSerializer,
    NoticeStatusSerializer,
    PenaltyNoticeSerializer,
)
from incidents.filtersets import PenaltyNoticeFilterSet
from incidents.selectors import designated_users, notice_get, notice_list
from incidents.services.notices import (
    NOTICE_FIELDS,
    designations_set,
    notice_issue,
    notice_set_status,
    require_may_change_status,
    require_may_issue,
)
from pcso.api import IF_MATCH, ETagMixin
from pcso.permissions import capability_permission


class PenaltyNoticeViewSet(ETagMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The penalty notice register (docs/notices.md). Issuing is a collection; a status change
    an alteration (If-Match optional, 412 when stale); reading a consultation."""

    filterset_class = PenaltyNoticeFilterSet
    serializer_class = PenaltyNoticeSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return notice_list(actor=self.request.user)

    def get_serializer_class(self):
        return NoticeStatusSerializer if self.action == "set_status" else PenaltyNoticeSerializer

    def list(self, request, *args, **kwargs):
        audit_consultation(actor=request.user, action="notice.search", details={"filters": request.query_params.dict()})
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, pk=None):
        notice = notice_get(actor=request.user, pk=pk)
        return self.etag_response(notice, PenaltyNoticeSerializer(notice).data)

    def create(self, request):
        require_may_issue(request.user)
        serializer = PenaltyNoticeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        fields = {name: data[name] for name in NOTICE_FIELDS if name in data}
        notice = notice_issue(actor=request.user, offence=data["offence"], fields=fields)
        return self.etag_response(notice, PenaltyNoticeSerializer(notice).data, status.HTTP_201_CREATED)

    @extend_schema(parameters=[IF_MATCH], responses=PenaltyNoticeSerializer)
    @action(detail=True, methods=["post"], url_path="status", url_name="status")
    def set_status(self, request, pk=None):
        """`{"status": "paid" | "unpaid" | "contested" | "cancelled"}`: the issuer or a supervisor."""
        notice = get_object_or_404(self.get_queryset(), pk=pk)
        require_may_change_status(request.user, notice)
        serializer = NoticeStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        version = self.if_match_version(request, notice, required=False)
        notice = notice_set_status(
            actor=request.user, notice=notice, status=serializer.validated_data["status"], version=version
        )
        return self.etag_response(notice, PenaltyNoticeSerializer(notice).data)


class NoticeDesignationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Which offences each PCSO may issue notices for. Administrators only; `PUT
    {"offences": [code, ...]}` replaces a PCSO's designations (audited old/new)."""

    serializer_class = DesignationSerializer
    permission_classes = [capability_permission(Capability.MANAGE_REFERENCE_DATA)]
    lookup_field = "username"
    lookup_value_regex = r"[\w.@+-]+"

    def get_queryset(self):
        return designated_users(actor=self.request.user)

    @extend_schema(request=DesignationUpdateSerializer, responses=DesignationSerializer)
    def update(self, request, username=None):
        user = self.get_object()
        serializer = DesignationUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        designations_set(actor=request.user, user=user, offences=serializer.validated_data["offences"])
        return self.retrieve(request, username=username)
