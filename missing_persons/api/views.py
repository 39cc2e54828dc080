"""`missing-person-cases/` (docs/missing-persons.md). Restricted data: every list/search
request and every read is logged; partners get 404 like for a record that does not exist."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from audit.services import audit_consultation
from incidents.models.incidents import Incident
from missing_persons import selectors as reads
from missing_persons.api.serializers import (
    ActionCompleteSerializer,
    ActionSerializer,
    AssessmentSerializer,
    ChecklistTickSerializer,
    HerbertProtocolSerializer,
    MissingCaseListSerializer,
    MissingCaseSerializer,
    MissingCaseUpdateSerializer,
    PhotoSerializer,
    ReferRhiSerializer,
    ReturnSerializer,
    SightingSerializer,
    TraceSerializer,
    split_assessment,
)
from missing_persons.filtersets import MissingPersonCaseFilterSet
from missing_persons.models import (
    MissingAction,
    MissingPersonCase,
)
from missing_persons.services.common import CASE_FIELDS, require_may_work
from missing_persons.services.herbert import herbert_protocol_save
from missing_persons.services.outcome import missing_case_record_return, missing_case_trace
from missing_persons.services.reports import missing_case_assess, missing_case_open, missing_case_update
from missing_persons.services.rhi import missing_case_refer_rhi, require_may_refer_rhi
from missing_persons.services.search import (
    missing_action_complete,
    missing_case_add_action,
    missing_case_add_sighting,
    missing_case_tick_checklist,
)
from partners.api.serializers import NoteShareSerializer
from pcso.api import IF_MATCH, IF_MATCH_REQUIRED, ETagMixin

# --- The viewset ---------------------------------------------------------------------------


class MissingPersonCaseViewSet(ETagMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Missing-person cases. Opening one is a collection, every change an alteration with old and
    new values, every read (and every list or search) a consultation. PUT/PATCH need If-Match
    (428 without, 412 stale); trace and return take it optionally; sightings and actions are
    additions and need none."""

    filterset_class = MissingPersonCaseFilterSet
    lookup_value_regex = r"\d+"
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return reads.missing_case_list(actor=self.request.user)

    def get_serializer_class(self):
        if self.action == "list":
            return MissingCaseListSerializer
        return {
            "update": MissingCaseUpdateSerializer,
            "partial_update": MissingCaseUpdateSerializer,
            "assessments": AssessmentSerializer,
            "sightings": SightingSerializer,
            "actions": ActionSerializer,
            "complete_action": ActionCompleteSerializer,
            "checklist": ChecklistTickSerializer,
            "trace": TraceSerializer,
            "record_return": ReturnSerializer,
            "refer_rhi": ReferRhiSerializer,
            "herbert_protocol": HerbertProtocolSerializer,
            "photo": PhotoSerializer,
        }.get(self.action, MissingCaseSerializer)

    def case(self) -> MissingPersonCase:
        return get_object_or_404(MissingPersonCase.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def read(self, action_name: str) -> MissingPersonCase:
        return reads.missing_case_get(actor=self.request.user, pk=self.kwargs["pk"], action=action_name)

    def detail_response(self, case, status_code=status.HTTP_200_OK, action_name="missing_case.view"):
        case = reads.missing_case_get(actor=self.request.user, pk=case.pk, action=action_name)
        return self.etag_response(case, MissingCaseSerializer(case).data, status_code)

    def validated(self, request, *, partial=False, instance=None) -> dict:
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def list(self, request, *args, **kwargs):
        audit_consultation(
            actor=request.user, action="missing_case.search", details={"filters": request.query_params.dict()}
        )
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, pk=None):
        return self.detail_response(self.case())

    def create(self, request):
        require_may_work(request.user)
        serializer = MissingCaseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        assessment, answers = split_assessment(data.pop("assessment"))
        incident = data.get("incident")
        if incident is not None and not Incident.objects.visible_to(request.user).filter(pk=incident.pk).exists():
            raise serializers.ValidationError({"incident": "No such incident."})
        case = missing_case_open(
            actor=request.user,
            fields={name: data[name] for name in CASE_FIELDS if name in data},
            assessment=assessment,
            answers=answers,
            incident=incident,
        )
        return self.detail_response(case, status.HTTP_201_CREATED, "missing_case.view_created")

    @extend_schema(parameters=[IF_MATCH_REQUIRED], responses=MissingCaseSerializer)
    def update(self, request, pk=None, partial=False):
        case = self.case()
        require_may_work(request.user, case, "missing_case.update")
        version = self.if_match_version(request, case)
        fields = dict(self.validated(request, partial=partial, instance=case))
        case = missing_case_update(actor=request.user, case=case, version=version, fields=fields)
        return self.detail_response(case, action_name="missing_case.view_updated")

    @extend_schema(parameters=[IF_MATCH_REQUIRED], responses=MissingCaseSerializer)
    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)

    def sub_list(self, rows, serializer_class):
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(serializer_class(page, many=True).data)

    @extend_schema(methods=["get"], responses=AssessmentSerializer(many=True))
    @extend_schema(methods=["post"], parameters=[IF_MATCH], responses={201: AssessmentSerializer})
    @action(detail=True, methods=["get", "post"])
    def assessments(self, request, pk=None):
        """The risk history, newest first. POST grades the risk again (a supervisor's is their review)."""
        if request.method == "GET":
            case = self.read("missing_case.view_assessments")
            return self.sub_list(list(case.assessments.all()), AssessmentSerializer)
        case = self.case()
        require_may_work(request.user, case, "missing_case.assess")
        serializer = AssessmentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data, answers = serializer.split()
        version = self.if_match_version(request, case, required=False)
        risk = missing_case_assess(actor=request.user, case=case, data=data, answers=answers, version=version)
        return Response(AssessmentSerializer(risk).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["post"], responses={201: SightingSerializer})
    @action(detail=True, methods=["get", "post"])
    def sightings(self, request, pk=None):
        """Sightings, newest first. POST adds one (an addition: no If-Match)."""
        if request.method == "GET":
            return self.sub_list(list(self.read("missing_case.view_sightings").sightings.all()), SightingSerializer)
        case = self.case()
        require_may_work(request.user, case, "missing_case.add_sighting")
        sighting = missing_case_add_sighting(actor=request.user, case=case, data=dict(self.validated(request)))
        return Response(SightingSerializer(sighting).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["post"], responses={201: ActionSerializer})
    @action(detail=True, methods=["get", "post"])
    def actions(self, request, pk=None):
        """Lines of enquiry and actions. POST `{"description", "assigned_to": username, "due_at"}` adds one."""
        if request.method == "GET":
            return self.sub_list(list(self.read("missing_case.view_actions").actions.all()), ActionSerializer)
        case = self.case()
        require_may_work(request.user, case, "missing_case.add_action")
        added = missing_case_add_action(actor=request.user, case=case, **self.validated(request))
        return Response(ActionSerializer(added).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=ActionSerializer)
    @action(detail=True, methods=["post"], url_path=r"actions/(?P<action_pk>\d+)/complete", url_name="action-complete")
    def complete_action(self, request, pk=None, action_pk=None):
        """Mark an action done: `{"result": ...}`."""
        case = self.case()
        found = get_object_or_404(MissingAction.objects.select_related("case"), pk=action_pk, case=case)
        require_may_work(request.user, case, "missing_case.complete_action")
        done = missing_action_complete(actor=request.user, action=found, result=self.validated(request)["result"])
        return Response(ActionSerializer(done).data)

    @extend_schema(responses=MissingCaseSerializer)
    @action(detail=True, methods=["post"])
    def checklist(self, request, pk=None):
        """Tick a high-risk checklist item: `{"item": code, "notes": ...}`."""
        case = self.case()
        require_may_work(request.user, case, "missing_case.checklist")
        missing_case_tick_checklist(actor=request.user, case=case, **self.validated(request))
        return self.detail_response(case, action_name="missing_case.view_updated")

    @extend_schema(parameters=[IF_MATCH], responses=MissingCaseSerializer)
    @action(detail=True, methods=["post"])
    def trace(self, request, pk=None):
        """The person is traced: at, where, how, by whom. The case leaves the briefing."""
        case = self.case()
        require_may_work(request.user, case, "missing_case.trace")
        data = dict(self.validated(request))
        agency = data.pop("rhi_agency", None)
        version = self.if_match_version(request, case, required=False)
        case = missing_case_trace(actor=request.user, case=case, fields=data, version=version, rhi_agency=agency)
        return self.detail_response(case, action_name="missing_case.view_updated")

    @extend_schema(parameters=[IF_MATCH], responses=MissingCaseSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def record_return(self, request, pk=None):
        """After the trace: the prevention interview (safe and well check) and, for a child,
        the return home interview's referral and outcome."""
        case = self.case()
        require_may_work(request.user, case, "missing_case.record_return")
        data = dict(self.validated(request, partial=True, instance=case))
        version = self.if_match_version(request, case, required=False)
        case = missing_case_record_return(actor=request.user, case=case, fields=data, version=version)
        return self.detail_response(case, action_name="missing_case.view_updated")

    @extend_schema(request=ReferRhiSerializer, responses={201: NoteShareSerializer})
    @action(detail=True, methods=["post"], url_path="refer-rhi", url_name="refer-rhi")
    def refer_rhi(self, request, pk=None):
        """Refer a traced child's return home interview to the case's agency: `{"agreement": ID,
        "note_text": TEXT, "purpose": TEXT}`. Writes a case note and shares it with the action
        "Return home interview" due at `rhi_due_at`; answers the share."""
        case = self.case()
        require_may_refer_rhi(request.user, case)  # a role that may not is refused before its input
        data = self.validated(request)
        share = missing_case_refer_rhi(actor=request.user, case=case, **data)
        return Response(NoteShareSerializer(share).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["put"], responses=HerbertProtocolSerializer)
    @action(detail=True, methods=["get", "put"], url_path="herbert-protocol", url_name="herbert-protocol")
    def herbert_protocol(self, request, pk=None):
        """The Herbert Protocol form for a person with dementia (404 until attached). PUT attaches or updates it."""
        if request.method == "GET":
            case = self.read("missing_case.view_herbert_protocol")
            form = getattr(case, "herbert_protocol", None)
            if form is None:
                return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
            return Response(HerbertProtocolSerializer(form).data)
        case = self.case()
        require_may_work(request.user, case, "missing_case.herbert_protocol")
        form = herbert_protocol_save(actor=request.user, case=case, fields=dict(self.validated(request, partial=True)))
        return Response(HerbertProtocolSerializer(form).data)

    @extend_schema(
        methods=["get"],
        responses={(200, "image/*"): OpenApiTypes.BINARY},
        description="The photo (`?which=herbert` for the Herbert Protocol's); every read is audited.",
    )
    @extend_schema(methods=["post"], request={"multipart/form-data": PhotoSerializer}, responses=MissingCaseSerializer)
    @action(detail=True, methods=["get", "post"])
    def photo(self, request, pk=None):
        """GET the photo (audited); POST multipart `photo` (JPEG or PNG) replaces it."""
        if request.method == "GET":
            which = request.query_params.get("which", "person")
            if which not in ("person", "herbert"):
                return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
            return reads.missing_case_photo(actor=request.user, pk=pk, which=which)
        case = self.case()
        require_may_work(request.user, case, "missing_case.update")
        data = self.validated(request)
        if data["which"] == "herbert":
            herbert_protocol_save(actor=request.user, case=case, fields={}, photo=data["photo"])
        else:
            case = missing_case_update(actor=request.user, case=case, version=None, fields={}, photo=data["photo"])
        return self.detail_response(case, action_name="missing_case.view_updated")
