"""`patrols/` (plans) and `patrols/{id}/visits/`. Writes go through the services."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import User
from audit.services import audit_consultation
from community.filtersets import PatrolPlanFilterSet
from community.models.neighbourhoods import Neighbourhood, PatrolPlan, PatrolVisit
from community.selectors import patrol_get, patrol_list, patrol_visits, plan_progress, suggested_visit_times, visit_get
from community.services.patrols import (
    PLAN_FIELDS,
    patrol_plan_create,
    patrol_plan_update,
    patrol_visit_create,
    patrol_visit_leave,
    require_may_log_visit,
    require_may_manage,
    require_may_plan,
)
from pcso.api import IF_MATCH_REQUIRED, ETagMixin, latitude_api_field, longitude_api_field


class PatrolVisitSerializer(serializers.ModelSerializer):
    officer = serializers.SlugRelatedField(slug_field="username", read_only=True)
    latitude = latitude_api_field(required=False, allow_null=True)
    longitude = longitude_api_field(required=False, allow_null=True)
    arrived_at = serializers.DateTimeField(required=False)

    class Meta:
        model = PatrolVisit
        fields = [
            "id", "officer", "arrived_at", "left_at", "observations", "incident_references", "latitude",
            "longitude", "created_at",
        ]  # fmt: skip
        read_only_fields = ["id", "officer", "created_at"]


class LeaveSerializer(serializers.Serializer):
    left_at = serializers.DateTimeField(required=False)
    observations = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    incident_references = serializers.CharField(required=False, allow_blank=True, max_length=255)


class PatrolPlanSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    neighbourhood = serializers.SlugRelatedField(slug_field="code", queryset=Neighbourhood.objects.all())
    officers = serializers.SlugRelatedField(slug_field="username", many=True, queryset=User.objects.all())
    latitude = latitude_api_field()
    longitude = longitude_api_field()
    visits_done = serializers.SerializerMethodField()
    suggested_times = serializers.SerializerMethodField()
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = PatrolPlan
        fields = [
            "id", "reference", "neighbourhood", "label", "latitude", "longitude", "radius_metres", "area",
            "origin", "origin_reason", "hotspot_label", "hotspot_count", "shift_start", "shift_end",
            "officers", "visits_planned", "visit_minutes", "status", "visits_done", "suggested_times",
            "created_by", "created_at", "updated_at", "version",
        ]  # fmt: skip
        read_only_fields = ["id", "reference", "created_by", "created_at", "updated_at", "version"]

    def get_visits_done(self, plan) -> int:
        return plan_progress(plan).done

    def get_suggested_times(self, plan) -> list[str]:
        return [moment.isoformat() for moment in suggested_visit_times(plan)]


class PatrolPlanViewSet(ETagMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Patrol plans. Supervisors of the neighbourhood and administrators create and edit them
    (PUT/PATCH need If-Match: 428 without, 412 stale); assigned officers log visits."""

    filterset_class = PatrolPlanFilterSet
    serializer_class = PatrolPlanSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return patrol_list(actor=self.request.user)

    def get_serializer_class(self):
        if self.action == "visits":
            return PatrolVisitSerializer
        if self.action == "leave":
            return LeaveSerializer
        return PatrolPlanSerializer

    def plan(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def detail_response(self, plan, status_code=status.HTTP_200_OK):
        plan = self.get_queryset().get(pk=plan.pk)
        return self.etag_response(plan, PatrolPlanSerializer(plan).data, status_code)

    def list(self, request, *args, **kwargs):
        audit_consultation(actor=request.user, action="patrol.search", details={"filters": request.query_params.dict()})
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, pk=None):
        return self.detail_response(patrol_get(actor=request.user, pk=pk))

    def create(self, request):
        require_may_plan(request.user)
        serializer = PatrolPlanSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        officers = data.pop("officers")
        require_may_manage(request.user, data["neighbourhood"])
        plan = patrol_plan_create(
            actor=request.user, fields={k: v for k, v in data.items() if k in PLAN_FIELDS}, officers=officers
        )
        return self.detail_response(plan, status.HTTP_201_CREATED)

    @extend_schema(parameters=[IF_MATCH_REQUIRED])
    def update(self, request, pk=None, partial=False):
        plan = self.plan()
        require_may_manage(request.user, plan.neighbourhood, plan=plan)
        version = self.if_match_version(request, plan)
        serializer = PatrolPlanSerializer(plan, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        officers = data.pop("officers", None)
        plan = patrol_plan_update(
            actor=request.user,
            plan=plan,
            version=version,
            fields={k: v for k, v in data.items() if k in PLAN_FIELDS},
            officers=officers,
        )
        return self.detail_response(plan)

    @extend_schema(parameters=[IF_MATCH_REQUIRED])
    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)

    @extend_schema(methods=["get"], responses=PatrolVisitSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def visits(self, request, pk=None):
        """Visits, oldest first (paginated). POST adds one (arrived now unless `arrived_at` is given)."""
        if request.method == "POST":
            plan = self.plan()
            require_may_log_visit(request.user, plan)
            serializer = PatrolVisitSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            visit = patrol_visit_create(actor=request.user, plan=plan, fields=dict(serializer.validated_data))
            return Response(PatrolVisitSerializer(visit).data, status=status.HTTP_201_CREATED)
        plan = patrol_get(actor=request.user, pk=pk, action="patrol.view_visits")
        page = self.paginate_queryset(patrol_visits(actor=request.user, plan=plan))
        return self.get_paginated_response(PatrolVisitSerializer(page, many=True).data)

    @extend_schema(request=LeaveSerializer, responses=PatrolVisitSerializer)
    @action(detail=True, methods=["post"], url_path=r"visits/(?P<visit_pk>\d+)/leave", url_name="visit-leave")
    def leave(self, request, pk=None, visit_pk=None):
        """The officer who arrived says they left (once): `{"observations", "incident_references"}`."""
        plan = self.plan()
        visit = visit_get(actor=request.user, plan=plan, pk=visit_pk)
        require_may_log_visit(request.user, plan)
        serializer = LeaveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        visit = patrol_visit_leave(actor=request.user, visit=visit, **serializer.validated_data)
        return Response(PatrolVisitSerializer(visit).data)
