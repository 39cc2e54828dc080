"""`enquiries/`: house-to-house enquiries with their premises and visits (docs/enquiries.md).

Reading an enquiry, its premises or its visits is a consultation (answers are personal
data); the export is one consultation event per download. PUT/PATCH need If-Match (428
without, 412 stale); visits take no version: they are additions.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from audit.services import audit_consultation
from community.models.neighbourhoods import Neighbourhood
from enquiries.choices import PremisesStatus
from enquiries.display import export_csv, export_rows
from enquiries.filtersets import EnquiryFilterSet
from enquiries.models import Enquiry, Premises, Visit, VisitOutcome
from enquiries.selectors import (
    enquiry_get,
    enquiry_list,
    enquiry_officers,
    enquiry_premises,
    enquiry_progress,
    enquiry_visits,
)
from enquiries.services.common import ENQUIRY_FIELDS, require_may_close, require_may_work
from enquiries.services.enquiry import enquiry_close, enquiry_create, enquiry_update
from enquiries.services.premises import premises_add, premises_import
from enquiries.services.visits import visit_follow_up_done, visit_record
from incidents.models.incidents import Incident
from pcso.api import IF_MATCH, IF_MATCH_REQUIRED, ETagMixin, latitude_api_field, longitude_api_field


def username_field(**kwargs):
    return serializers.SlugRelatedField(slug_field="username", queryset=enquiry_officers(), **kwargs)


PROGRESS = inline_serializer(
    "EnquiryProgress",
    {
        "total": serializers.IntegerField(),
        "completed": serializers.IntegerField(),
        "revisits_due": serializers.IntegerField(),
        "percent": serializers.IntegerField(),
    },
)


class EnquirySerializer(serializers.ModelSerializer):
    """An enquiry. Create it with `incident` (id), `title`, `rationale`, the parameters (`scope`:
    streets, addresses or area, with `streets` one per line or `area` a GeoJSON Polygon) and the
    questionnaire: `question_templates` (codes) and `extra_questions` (text)."""

    reference = serializers.CharField(read_only=True)
    incident = serializers.PrimaryKeyRelatedField(queryset=Incident.objects.all())
    incident_reference = serializers.CharField(source="incident.reference", read_only=True)
    neighbourhood = serializers.SlugRelatedField(
        slug_field="code", queryset=Neighbourhood.objects.all(), required=False, allow_null=True
    )
    coordinator = username_field(required=False)
    question_templates = serializers.ListField(
        child=serializers.SlugField(), write_only=True, required=False, max_length=30
    )
    extra_questions = serializers.ListField(
        child=serializers.CharField(max_length=300), write_only=True, required=False, max_length=30
    )
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Enquiry
        fields = [
            "id", "reference", "incident", "incident_reference", "neighbourhood", "title", "scope", "streets",
            "area", "rationale", "questions", "question_templates", "extra_questions", "coordinator", "status",
            "summary", "unreached_reason", "closed_at", "progress", "created_by", "created_at", "updated_at",
            "version",
        ]  # fmt: skip
        read_only_fields = [
            "questions", "status", "summary", "unreached_reason", "closed_at", "created_at", "updated_at", "version",
        ]  # fmt: skip

    @extend_schema_field(PROGRESS)
    def get_progress(self, enquiry) -> dict:
        return enquiry_progress(enquiry)


class EnquiryUpdateSerializer(EnquirySerializer):
    incident = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta(EnquirySerializer.Meta):
        read_only_fields = [*EnquirySerializer.Meta.read_only_fields, "incident"]


class PremisesSerializer(serializers.ModelSerializer):
    latitude = latitude_api_field(required=False, allow_null=True)
    longitude = longitude_api_field(required=False, allow_null=True)
    revisit_officer = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Premises
        fields = [
            "id", "address", "latitude", "longitude", "status", "revisit_due_at", "revisit_officer", "visit_count",
        ]  # fmt: skip
        read_only_fields = ["status", "revisit_due_at", "revisit_officer", "visit_count"]


class PersonSpokenToSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    present = serializers.BooleanField(help_text="Present at the relevant time")


class VisitSerializer(serializers.ModelSerializer):
    """A visit. `premises` is the id of one of the enquiry's premises; `outcome` a code of the
    outcome list; `answers` maps the enquiry's question codes to what was said; `follow_up`
    says what needs doing (e.g. collect CCTV); a no-reply needs `card_reference` and, like a
    call-back, `revisit_due_at` (and optionally `revisit_officer`)."""

    premises = serializers.PrimaryKeyRelatedField(queryset=Premises.objects.all())
    address = serializers.CharField(source="premises.address", read_only=True)
    outcome = serializers.SlugRelatedField(slug_field="code", queryset=VisitOutcome.objects.filter(is_active=True))
    visited_at = serializers.DateTimeField(required=False)
    visited_by = username_field(required=False)
    revisit_officer = username_field(required=False, allow_null=True)
    people = PersonSpokenToSerializer(many=True, required=False, max_length=20)
    answers = serializers.DictField(child=serializers.CharField(max_length=2000, allow_blank=True), required=False)
    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Visit
        fields = [
            "id", "premises", "address", "visited_at", "visited_by", "outcome", "card_reference", "people",
            "answers", "notes", "follow_up", "follow_up_done_at", "revisit_due_at", "revisit_officer",
            "recorded_by", "created_at",
        ]  # fmt: skip
        read_only_fields = ["follow_up_done_at", "recorded_by", "created_at"]


class EnquiryCloseSerializer(serializers.Serializer):
    summary = serializers.CharField(max_length=4000)
    unreached_reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class PremisesImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV with the header address,latitude,longitude (coordinates optional)")


IMPORT_REPORT = inline_serializer(
    "PremisesImportReport",
    {
        "file": serializers.CharField(),
        "rows": serializers.IntegerField(),
        "created": serializers.IntegerField(),
        "duplicates": serializers.ListField(child=serializers.CharField()),
        "errors": serializers.ListField(child=serializers.CharField()),
        "summary": serializers.CharField(),
    },
)


class EnquiryViewSet(ETagMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    filterset_class = EnquiryFilterSet
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return enquiry_list(actor=self.request.user)

    def get_serializer_class(self):
        return {
            "update": EnquiryUpdateSerializer,
            "partial_update": EnquiryUpdateSerializer,
            "close": EnquiryCloseSerializer,
            "import_premises": PremisesImportSerializer,
        }.get(self.action, EnquirySerializer)

    def enquiry(self, action="enquiry.view") -> Enquiry:
        """The enquiry in scope (404 otherwise); `action` names the consultation it is, with
        the query (filters, page) it was read with."""
        details = {"filters": self.request.query_params.dict()}
        return enquiry_get(actor=self.request.user, pk=self.kwargs["pk"], action=action, details=details)

    def unlogged_enquiry(self) -> Enquiry:
        """For writes: the service's own audit row records them, so no consultation row."""
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def detail_response(self, enquiry, status_code=status.HTTP_200_OK, action="enquiry.view"):
        enquiry = enquiry_get(actor=self.request.user, pk=enquiry.pk, action=action)
        return self.etag_response(enquiry, EnquirySerializer(enquiry).data, status_code)

    def validated(self, serializer_class, request, **kwargs) -> dict:
        serializer = serializer_class(data=request.data, **kwargs)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def list(self, request, *args, **kwargs):
        filters = request.query_params.dict()
        audit_consultation(actor=request.user, action="enquiry.search", details={"filters": filters})
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, pk=None):
        return self.detail_response(self.unlogged_enquiry())

    def create(self, request):
        require_may_work(request.user)
        data = self.validated(EnquirySerializer, request)
        incident = get_object_or_404(Incident.objects.visible_to(request.user), pk=data.pop("incident").pk)
        enquiry = enquiry_create(
            actor=request.user,
            incident=incident,
            fields={name: data[name] for name in ENQUIRY_FIELDS if name in data},
            question_templates=data.get("question_templates", []),
            extra_questions=data.get("extra_questions", []),
        )
        return self.detail_response(enquiry, status.HTTP_201_CREATED, action="enquiry.view_created")

    @extend_schema(parameters=[IF_MATCH_REQUIRED], responses=EnquirySerializer)
    def update(self, request, pk=None, partial=False):
        enquiry = self.unlogged_enquiry()
        require_may_work(request.user, enquiry, "enquiry.update")
        version = self.if_match_version(request, enquiry)
        serializer = EnquiryUpdateSerializer(enquiry, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        fields = {name: value for name, value in serializer.validated_data.items() if name in ENQUIRY_FIELDS}
        enquiry = enquiry_update(actor=request.user, enquiry=enquiry, version=version, fields=fields)
        return self.detail_response(enquiry, action="enquiry.view_updated")

    @extend_schema(parameters=[IF_MATCH_REQUIRED], responses=EnquirySerializer)
    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)

    @extend_schema(
        methods=["get"],
        responses=PremisesSerializer(many=True),
        parameters=[OpenApiParameter("status", OpenApiTypes.STR, enum=PremisesStatus.values)],
    )
    @extend_schema(methods=["post"], request=PremisesSerializer, responses={201: PremisesSerializer})
    @action(detail=True, methods=["get", "post"])
    def premises(self, request, pk=None):
        """The premises list, as listed or imported (paginated; `?status=revisit` for the
        revisits due). POST adds one by hand."""
        if request.method == "POST":
            enquiry = self.unlogged_enquiry()
            require_may_work(request.user, enquiry, "enquiry.add_premises")
            data = self.validated(PremisesSerializer, request)
            added = premises_add(actor=request.user, enquiry=enquiry, **data)
            return Response(PremisesSerializer(added).data, status=status.HTTP_201_CREATED)
        status_filter = request.query_params.get("status", "")
        if status_filter and status_filter not in PremisesStatus.values:
            raise serializers.ValidationError({"status": f"One of {', '.join(PremisesStatus.values)}."})
        enquiry = self.enquiry("enquiry.view_premises")
        premises = enquiry_premises(actor=request.user, enquiry=enquiry)
        if status_filter:
            premises = premises.filter(status=status_filter)
        page = self.paginate_queryset(premises)
        return self.get_paginated_response(PremisesSerializer(page, many=True).data)

    @extend_schema(request={"multipart/form-data": PremisesImportSerializer}, responses={201: IMPORT_REPORT})
    @action(
        detail=True,
        methods=["post"],
        url_path="import",
        url_name="import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_premises(self, request, pk=None):
        """Import premises from a CSV upload: good rows are added; bad rows (with file and line)
        and addresses already on the list are reported in the answer."""
        enquiry = self.unlogged_enquiry()
        require_may_work(request.user, enquiry, "enquiry.import_premises")
        upload = self.validated(PremisesImportSerializer, request)["file"]
        report = premises_import(actor=request.user, enquiry=enquiry, handle=upload, file_name=upload.name)
        body = {**report.as_details(), "duplicates": report.duplicates, "errors": report.errors}
        return Response({**body, "summary": report.summary}, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["get"], responses=VisitSerializer(many=True))
    @extend_schema(methods=["post"], request=VisitSerializer, responses={201: VisitSerializer})
    @action(detail=True, methods=["get", "post"])
    def visits(self, request, pk=None):
        """Every visit, newest first (paginated). POST records one: an addition, no If-Match."""
        if request.method == "POST":
            enquiry = self.unlogged_enquiry()
            require_may_work(request.user, enquiry, "enquiry.record_visit")
            data = self.validated(VisitSerializer, request)
            premises = data.pop("premises")
            if premises.enquiry_id != enquiry.pk:
                raise serializers.ValidationError({"premises": "That premises is not on this enquiry's list."})
            visit = visit_record(actor=request.user, premises=premises, **data)
            return Response(VisitSerializer(visit).data, status=status.HTTP_201_CREATED)
        enquiry = self.enquiry("enquiry.view_visits")
        page = self.paginate_queryset(enquiry_visits(actor=request.user, enquiry=enquiry))
        return self.get_paginated_response(VisitSerializer(page, many=True).data)

    @extend_schema(request=None, responses=VisitSerializer)
    @action(
        detail=True, methods=["post"], url_path=r"visits/(?P<visit_pk>\d+)/follow-up-done", url_name="follow-up-done"
    )
    def follow_up_done(self, request, pk=None, visit_pk=None):
        """The follow-up a visit asked for (e.g. CCTV collected) is done."""
        enquiry = self.unlogged_enquiry()
        visit = get_object_or_404(enquiry_visits(actor=request.user, enquiry=enquiry), pk=visit_pk)
        return Response(VisitSerializer(visit_follow_up_done(actor=request.user, visit=visit)).data)

    @extend_schema(parameters=[IF_MATCH], responses=EnquirySerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close with a `summary`; premises never completed need an `unreached_reason`."""
        enquiry = self.unlogged_enquiry()
        require_may_close(request.user, enquiry)
        data = self.validated(EnquiryCloseSerializer, request)
        version = self.if_match_version(request, enquiry, required=False)
        enquiry = enquiry_close(actor=request.user, enquiry=enquiry, version=version, **data)
        return self.detail_response(enquiry, action="enquiry.view_updated")

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.STR})
    @action(detail=True, methods=["get"])
    def export(self, request, pk=None):
        """The enquiry for the case file as CSV: one row per visit; each export is logged."""
        enquiry = self.enquiry("enquiry.export")
        return csv_response(enquiry, request.user)


def csv_response(enquiry, actor) -> HttpResponse:
    premises = enquiry_premises(actor=actor, enquiry=enquiry)
    visits = enquiry_visits(actor=actor, enquiry=enquiry).order_by("visited_at", "id")
    response = HttpResponse(export_csv(export_rows(enquiry, premises, visits)), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{enquiry.reference}.csv"'
    return response
