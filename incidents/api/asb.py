from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from audit.services import audit_consultation
from incidents.api.serializers import (
    AsbActionSerializer,
    AsbAddIncidentsSerializer,
    AsbCaseListSerializer,
    AsbCasePersonSerializer,
    AsbCaseSerializer,
    AsbCaseUpdateSerializer,
    AsbReviewSerializer,
)
from incidents.filtersets import AsbCaseFilterSet
from incidents.selectors import asb_case_get, asb_case_list
from incidents.services.asb import (
    asb_case_add_incidents,
    asb_case_add_person,
    asb_case_create,
    asb_case_record_action,
    asb_case_review,
    asb_case_update,
    require_may_review,
    require_may_work,
)
from pcso.api import IF_MATCH, IF_MATCH_REQUIRED, ETagMixin


class AsbCaseViewSet(ETagMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """ASB cases (docs/asb.md). Opening one is a collection, changing it an alteration, reading it
    a consultation. PUT/PATCH need If-Match (428 without, 412 stale); the actions take it optionally."""

    filterset_class = AsbCaseFilterSet
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return asb_case_list(actor=self.request.user)

    def get_serializer_class(self):
        if self.action == "list":
            return AsbCaseListSerializer
        return {
            "update": AsbCaseUpdateSerializer,
            "partial_update": AsbCaseUpdateSerializer,
            "add_incident": AsbAddIncidentsSerializer,
            "add_person": AsbCasePersonSerializer,
            "record_action": AsbActionSerializer,
            "review": AsbReviewSerializer,
        }.get(self.action, AsbCaseSerializer)

    def case(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def detail_response(self, case, status_code=status.HTTP_200_OK, action="asb_case.view"):
        case = asb_case_get(actor=self.request.user, pk=case.pk, action=action)
        return self.etag_response(case, AsbCaseSerializer(case).data, status_code)

    def validated(self, request) -> dict:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def list(self, request, *args, **kwargs):
        audit_consultation(
            actor=request.user, action="asb_case.search", details={"filters": request.query_params.dict()}
        )
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, pk=None):
        return self.detail_response(self.case())

    def create(self, request):
        require_may_work(request.user)
        data = self.validated(request)
        case = asb_case_create(
            actor=request.user,
            fields={name: data[name] for name in ("title", "summary", "neighbourhood") if name in data},
            incidents=data["incidents"],
            perpetrators=data.get("perpetrators", []),
            risk_level=data["risk_level"],
        )
        return self.detail_response(case, status.HTTP_201_CREATED, action="asb_case.view_created")

    @extend_schema(parameters=[IF_MATCH_REQUIRED], responses=AsbCaseSerializer)
    def update(self, request, pk=None, partial=False):
        case = self.case()
        require_may_work(request.user, case, "asb_case.update")
        version = self.if_match_version(request, case)
        serializer = AsbCaseUpdateSerializer(case, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        case = asb_case_update(actor=request.user, case=case, version=version, fields=dict(serializer.validated_data))
        return self.detail_response(case, action="asb_case.view_updated")

    @extend_schema(parameters=[IF_MATCH_REQUIRED], responses=AsbCaseSerializer)
    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)

    @extend_schema(parameters=[IF_MATCH], responses=AsbCaseSerializer)
    @action(detail=True, methods=["post"], url_path="add-incident", url_name="add-incident")
    def add_incident(self, request, pk=None):
        """Link more ASB incidents: `{"incidents": [id, ...]}`. Their victims join the case."""
        case = self.case()
        require_may_work(request.user, case, "asb_case.add_incident")
        incidents = self.validated(request)["incidents"]
        version = self.if_match_version(request, case, required=False)
        case = asb_case_add_incidents(actor=request.user, case=case, incidents=incidents, version=version)
        return self.detail_response(case, action="asb_case.view_updated")

    @extend_schema(parameters=[IF_MATCH], responses=AsbCaseSerializer)
    @action(detail=True, methods=["post"], url_path="add-person", url_name="add-person")
    def add_person(self, request, pk=None):
        """Link a victim or perpetrator: `{"role": "perpetrator", "name": ..., "contact": ...}`."""
        case = self.case()
        require_may_work(request.user, case, "asb_case.add_person")
        data = self.validated(request)
        version = self.if_match_version(request, case, required=False)
        asb_case_add_person(actor=request.user, case=case, data=data, version=version)
        return self.detail_response(case, action="asb_case.view_updated")

    @extend_schema(responses={201: AsbActionSerializer})
    @action(detail=True, methods=["post"], url_path="record-action", url_name="record-action")
    def record_action(self, request, pk=None):
        """Record a tool used: `{"tool": code, "taken_on", "issued_to", "expires_on", "details"}`."""
        case = self.case()
        require_may_work(request.user, case, "asb_case.record_action")
        data = self.validated(request)
        recorded = asb_case_record_action(actor=request.user, case=case, **data)
        return Response(AsbActionSerializer(recorded).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[IF_MATCH], responses=AsbCaseSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """Supervisors review the case: `{"risk_level": ...}` sets the level and the next review date."""
        case = self.case()
        require_may_review(request.user, case)
        risk_level = self.validated(request)["risk_level"]
        version = self.if_match_version(request, case, required=False)
        case = asb_case_review(actor=request.user, case=case, risk_level=risk_level, version=version)
        return self.detail_response(case, action="asb_case.view_updated")
