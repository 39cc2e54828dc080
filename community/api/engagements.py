"""`engagements/` and `priorities/` (docs/engagements.md). Writes go through the services."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets

from accounts.models import PartnerAgency
from accounts.roles import Capability, has_capability
from audit.services import audit_consultation
from community.filtersets import EngagementFilterSet, PriorityFilterSet
from community.models.engagements import Engagement, EngagementType, Priority
from community.models.neighbourhoods import Neighbourhood
from community.selectors import engagement_get, engagement_list, priority_get, priority_links, priority_list
from community.services.engagements import ENGAGEMENT_FIELDS, engagement_create, engagement_update, require_may_work
from community.services.patrols import refuse
from community.services.priorities import PRIORITY_FIELDS, priority_create, priority_update
from pcso.api import IF_MATCH_REQUIRED, ETagMixin, code_field


class EngagementSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    neighbourhood = code_field(Neighbourhood.objects.all())
    engagement_type = code_field(EngagementType.objects.filter(is_active=True))
    engagement_type_name = serializers.CharField(source="engagement_type.name", read_only=True)
    partner_agencies = code_field(PartnerAgency.objects.all(), many=True, required=False)
    reports_on = serializers.PrimaryKeyRelatedField(queryset=Priority.objects.all(), many=True, required=False)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Engagement
        fields = [
            "id", "reference", *ENGAGEMENT_FIELDS[:2], "engagement_type_name", *ENGAGEMENT_FIELDS[2:],
            "partner_agencies", "reports_on", "created_by", "created_at", "updated_at", "version",
        ]  # fmt: skip
        read_only_fields = ["id", "reference", "created_by", "created_at", "updated_at", "version"]


class PriorityListSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    neighbourhood = code_field(Neighbourhood.objects.all())
    raised_at = serializers.PrimaryKeyRelatedField(queryset=Engagement.objects.all(), required=False, allow_null=True)
    patrol_count = serializers.IntegerField(read_only=True)
    report_count = serializers.IntegerField(read_only=True)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Priority
        fields = [
            "id", "reference", *PRIORITY_FIELDS, "patrol_count", "report_count", "created_by", "created_at",
            "updated_at", "version",
        ]  # fmt: skip
        read_only_fields = ["id", "reference", "created_by", "created_at", "updated_at", "version"]


class LinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()


class PriorityLinksSerializer(serializers.Serializer):
    patrols = LinkSerializer(many=True)
    reported_at = LinkSerializer(many=True)
    incidents = LinkSerializer(many=True)


class PrioritySerializer(PriorityListSerializer):
    """One priority with what was done about it: patrols, report-back engagements, incidents."""

    links = serializers.SerializerMethodField()

    class Meta(PriorityListSerializer.Meta):
        fields = [*PriorityListSerializer.Meta.fields, "links"]

    @extend_schema_field(PriorityLinksSerializer)
    def get_links(self, priority) -> dict:
        links = self.context["links"]
        return PriorityLinksSerializer(
            {name: links[name] for name in ("patrols", "reported_at", "incidents")},
        ).data


def require_may_log(actor, action: str) -> None:
    """Refuse a role that logs no engagements at all before looking at its input."""
    if not has_capability(actor, Capability.WORK_ENGAGEMENTS):
        refuse(actor=actor, action=action, obj=None, message="Your role does not log engagements or priorities.")


class EngagementViewSet(ETagMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Community engagements. Officers of the neighbourhood record and edit them (PUT/PATCH
    need If-Match: 428 without, 412 stale). Resident names only with `resident_names_consent`."""

    filterset_class = EngagementFilterSet
    serializer_class = EngagementSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return engagement_list(actor=self.request.user)

    def detail_response(self, engagement, status_code=status.HTTP_200_OK):
        engagement = self.get_queryset().get(pk=engagement.pk)
        return self.etag_response(engagement, EngagementSerializer(engagement).data, status_code)

    def list(self, request, *args, **kwargs):
        audit_consultation(
            actor=request.user, action="engagement.search", details={"filters": request.query_params.dict()}
        )
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, pk=None):
        return self.detail_response(engagement_get(actor=request.user, pk=pk))

    def split(self, data: dict) -> tuple[dict, dict]:
        relations = {name: data.pop(name) for name in ("partner_agencies", "reports_on") if name in data}
        return {k: v for k, v in data.items() if k in ENGAGEMENT_FIELDS}, relations

    def create(self, request):
        require_may_log(request.user, "engagement.create")
        serializer = EngagementSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields, relations = self.split(dict(serializer.validated_data))
        engagement = engagement_create(actor=request.user, fields=fields, **relations)
        return self.detail_response(engagement, status.HTTP_201_CREATED)

    @extend_schema(parameters=[IF_MATCH_REQUIRED])
    def update(self, request, pk=None, partial=False):
        engagement = get_object_or_404(self.get_queryset(), pk=pk)
        require_may_work(request.user, engagement.neighbourhood, action="engagement.update", obj=engagement)
        version = self.if_match_version(request, engagement)
        serializer = EngagementSerializer(engagement, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        fields, relations = self.split(dict(serializer.validated_data))
        engagement = engagement_update(
            actor=request.user, engagement=engagement, version=version, fields=fields, **relations
        )
        return self.detail_response(engagement)

    @extend_schema(parameters=[IF_MATCH_REQUIRED])
    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)


class PriorityViewSet(ETagMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """PACT priorities: at most PCSO_PACT_MAX_ACTIVE_PRIORITIES adopted, in progress or carried
    over per neighbourhood (400 on `status` beyond it). PUT/PATCH need If-Match."""

    filterset_class = PriorityFilterSet
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return priority_list(actor=self.request.user)

    def get_serializer_class(self):
        return PriorityListSerializer if self.action == "list" else PrioritySerializer

    def detail_response(self, priority, status_code=status.HTTP_200_OK):
        priority = self.get_queryset().get(pk=priority.pk)
        links = priority_links(actor=self.request.user, priority=priority)
        data = PrioritySerializer(priority, context={"links": links}).data
        return self.etag_response(priority, data, status_code)

    def list(self, request, *args, **kwargs):
        audit_consultation(
            actor=request.user, action="priority.search", details={"filters": request.query_params.dict()}
        )
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, pk=None):
        return self.detail_response(priority_get(actor=request.user, pk=pk))

    def create(self, request):
        require_may_log(request.user, "priority.create")
        serializer = PriorityListSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = {k: v for k, v in serializer.validated_data.items() if k in PRIORITY_FIELDS}
        return self.detail_response(priority_create(actor=request.user, fields=fields), status.HTTP_201_CREATED)

    @extend_schema(parameters=[IF_MATCH_REQUIRED])
    def update(self, request, pk=None, partial=False):
        priority = get_object_or_404(self.get_queryset(), pk=pk)
        require_may_work(request.user, priority.neighbourhood, action="priority.update", obj=priority)
        version = self.if_match_version(request, priority)
        serializer = PriorityListSerializer(priority, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        fields = {k: v for k, v in serializer.validated_data.items() if k in PRIORITY_FIELDS}
        priority = priority_update(actor=request.user, priority=priority, version=version, fields=fields)
        return self.detail_response(priority)

    @extend_schema(parameters=[IF_MATCH_REQUIRED])
    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)
