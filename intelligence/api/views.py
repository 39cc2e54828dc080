from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.roles import Capability
from audit.services import audit_consultation
from intelligence.api.serializers import (
    EvaluateSerializer,
    IntelligenceLogCreateSerializer,
    IntelligenceLogSerializer,
    JustificationSerializer,
    OriginalTextSerializer,
    RejectSerializer,
    SanitiseSerializer,
    SourceRecordSerializer,
)
from intelligence.filtersets import IntelligenceLogFilterSet
from intelligence.selectors import (
    intelligence_log_get,
    intelligence_log_list,
    original_text_get,
    source_record_get,
)
from intelligence.services import (
    intelligence_log_evaluate,
    intelligence_log_reject,
    intelligence_log_sanitise,
    intelligence_log_submit,
    require_may_submit,
)
from pcso.api import IF_MATCH_REQUIRED, ETagMixin
from pcso.permissions import capability_permission

UNIT_ONLY = [capability_permission(Capability.EVALUATE_INTELLIGENCE)]


class IntelligenceLogViewSet(ETagMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Intelligence logs (docs/intelligence.md). Submitting is a collection; evaluate, sanitise
    and reject are the unit's alterations and need If-Match (428 without, 412 stale). Every
    list or search is one consultation row with its filters. `source/` and `original/` are
    the unit's restricted reads and need a `justification`. Partners: 404 everywhere."""

    filterset_class = IntelligenceLogFilterSet
    lookup_value_regex = r"\d+"
    serializer_class = IntelligenceLogSerializer

    def get_permissions(self):
        base = [capability_permission(Capability.VIEW_INTELLIGENCE)()]
        if self.action in ("evaluate", "sanitise", "reject", "source", "original"):
            return base + [permission() for permission in UNIT_ONLY]
        return base

    def get_queryset(self):
        return intelligence_log_list(actor=self.request.user)

    def log(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def validated(self, serializer_class, request) -> dict:
        serializer = serializer_class(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def detail_response(self, log, status_code=status.HTTP_200_OK, action="intelligence_log.view"):
        log = intelligence_log_get(actor=self.request.user, pk=log.pk, action=action)
        return self.etag_response(log, IntelligenceLogSerializer(log, context=self.get_serializer_context()).data,
                                  status_code)  # fmt: skip

    def list(self, request, *args, **kwargs):
        audit_consultation(
            actor=request.user, action="intelligence_log.search", details={"filters": request.query_params.dict()}
        )
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, pk=None):
        return self.detail_response(self.log())

    @extend_schema(request=IntelligenceLogCreateSerializer, responses={201: IntelligenceLogSerializer})
    def create(self, request):
        require_may_submit(request.user)
        data = dict(self.validated(IntelligenceLogCreateSerializer, request))
        log = intelligence_log_submit(
            actor=request.user,
            source=data.pop("source"),
            subjects=data.pop("subjects", []),
            incidents=data.pop("incidents", []),
            fields=data,
        )
        return self.detail_response(log, status.HTTP_201_CREATED, action="intelligence_log.view_created")

    @extend_schema(parameters=[IF_MATCH_REQUIRED], request=EvaluateSerializer, responses=IntelligenceLogSerializer)
    @action(detail=True, methods=["post"])
    def evaluate(self, request, pk=None):
        """Grade, set the dissemination and release the report (or re-grade it)."""
        log = self.log()
        version = self.if_match_version(request, log)
        data = dict(self.validated(EvaluateSerializer, request))
        sanitised_text = data.pop("sanitised_text", None)
        log = intelligence_log_evaluate(
            actor=request.user, log=log, values=data, version=version, sanitised_text=sanitised_text
        )
        return self.detail_response(log, action="intelligence_log.view_updated")

    @extend_schema(parameters=[IF_MATCH_REQUIRED], request=SanitiseSerializer, responses=IntelligenceLogSerializer)
    @action(detail=True, methods=["post"])
    def sanitise(self, request, pk=None):
        """Write the text readers see; the original is kept, restricted to the unit."""
        log = self.log()
        version = self.if_match_version(request, log)
        text = self.validated(SanitiseSerializer, request)["sanitised_text"]
        log = intelligence_log_sanitise(actor=request.user, log=log, sanitised_text=text, version=version)
        return self.detail_response(log, action="intelligence_log.view_updated")

    @extend_schema(parameters=[IF_MATCH_REQUIRED], request=RejectSerializer, responses=IntelligenceLogSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Reject a submitted report with a reason (the submitter reads it)."""
        log = self.log()
        version = self.if_match_version(request, log)
        reason = self.validated(RejectSerializer, request)["reason"]
        log = intelligence_log_reject(actor=request.user, log=log, reason=reason, version=version)
        return self.detail_response(log, action="intelligence_log.view_updated")

    @extend_schema(request=JustificationSerializer, responses=SourceRecordSerializer)
    @action(detail=True, methods=["post"])
    def source(self, request, pk=None):
        """Who the source is: `{"justification": "why"}`. A POST, so the reason stays out of URLs."""
        justification = self.validated(JustificationSerializer, request)["justification"]
        record = source_record_get(actor=request.user, log=self.log(), justification=justification)
        return Response(SourceRecordSerializer(record).data)

    @extend_schema(request=JustificationSerializer, responses=OriginalTextSerializer)
    @action(detail=True, methods=["post"])
    def original(self, request, pk=None):
        """The text as submitted, before sanitising: `{"justification": "why"}`."""
        log = self.log()
        justification = self.validated(JustificationSerializer, request)["justification"]
        text = original_text_get(actor=request.user, log=log, justification=justification)
        return Response({"reference": log.reference, "original_text": text})
