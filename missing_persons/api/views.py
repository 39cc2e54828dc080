"""`missing-person-cases/` (docs/missing-persons.md): cases with their risk assessments,
sightings, actions, trace and return. Restricted data: every list/search request and every
read is logged; partners get 404 like for a record that does not exist."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from accounts.models import PartnerAgency, User
from audit.services import audit_consultation
from community.models.neighbourhoods import Neighbourhood
from incidents.models.incidents import Incident
from missing_persons import selectors as reads
from missing_persons.choices import MissingRiskLevel, RiskAnswer
from missing_persons.filtersets import MissingPersonCaseFilterSet
from missing_persons.models import (
    HerbertProtocol,
    HighRiskChecklistItem,
    MissingAction,
    MissingPersonCase,
    MissingRiskAssessment,
    MissingSighting,
)
from missing_persons.services import (
    CASE_FIELDS,
    HERBERT_FIELDS,
    RETURN_FIELDS,
    RHI_AGENCY_KINDS,
    RHI_PURPOSE,
    TRACE_FIELDS,
    herbert_protocol_save,
    missing_action_complete,
    missing_case_add_action,
    missing_case_add_sighting,
    missing_case_assess,
    missing_case_open,
    missing_case_record_return,
    missing_case_refer_rhi,
    missing_case_tick_checklist,
    missing_case_trace,
    missing_case_update,
    require_may_refer_rhi,
    require_may_work,
)
from partners.api.serializers import NoteShareSerializer
from partners.models import SharingAgreement
from pcso.api import IF_MATCH, IF_MATCH_REQUIRED, ETagMixin, code_field


def username_field(**kwargs):
    return serializers.SlugRelatedField(slug_field="username", **kwargs)


# --- Serializers ---------------------------------------------------------------------------


class RiskAnswerSerializer(serializers.Serializer):
    question = serializers.CharField(source="question.code", max_length=50)
    question_text = serializers.CharField(source="question.name", read_only=True)
    answer = serializers.ChoiceField(choices=RiskAnswer.choices)
    notes = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class AssessmentSerializer(serializers.ModelSerializer):
    """One grading. `answers` are questionnaire answers by question code (yes/no/unknown, notes)."""

    risk_level = serializers.ChoiceField(choices=MissingRiskLevel.choices)
    answers = RiskAnswerSerializer(many=True, required=False, max_length=50)
    assessed_by = username_field(read_only=True)

    class Meta:
        model = MissingRiskAssessment
        fields = [
            "id",
            "risk_level",
            "rationale",
            "information_from",
            "information_at",
            "answers",
            "is_supervisor_review",
            "assessed_by",
            "assessed_at",
        ]
        read_only_fields = ["id", "is_supervisor_review", "assessed_by", "assessed_at"]

    def split(self) -> tuple[dict, dict]:
        return split_assessment(self.validated_data)


def split_assessment(validated: dict) -> tuple[dict, dict]:
    """(assessment fields, {question code: (answer, notes)}) from an assessment's validated data."""
    data = dict(validated)
    answers = {row["question"]["code"]: (row["answer"], row.get("notes", "")) for row in data.pop("answers", [])}
    return data, answers


class SightingSerializer(serializers.ModelSerializer):
    recorded_by = username_field(read_only=True)

    class Meta:
        model = MissingSighting
        fields = [
            "id",
            "seen_at",
            "place",
            "latitude",
            "longitude",
            "reported_by",
            "confidence",
            "details",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = ["id", "recorded_by", "recorded_at"]


class ActionSerializer(serializers.ModelSerializer):
    assigned_to = username_field(queryset=User.objects.filter(is_active=True))
    created_by = username_field(read_only=True)
    done_by = username_field(read_only=True)

    class Meta:
        model = MissingAction
        fields = [
            "id",
            "description",
            "assigned_to",
            "due_at",
            "status",
            "result",
            "done_at",
            "done_by",
            "created_by",
            "created_at",
        ]
        read_only_fields = ["id", "status", "result", "done_at", "done_by", "created_by", "created_at"]


class ActionCompleteSerializer(serializers.Serializer):
    result = serializers.CharField(max_length=4000)


class ChecklistTickSerializer(serializers.Serializer):
    item = code_field(HighRiskChecklistItem.objects.filter(is_active=True))
    notes = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


def rhi_agency_field():
    return code_field(PartnerAgency.objects.filter(kind__in=RHI_AGENCY_KINDS), required=False, allow_null=True)


class TraceSerializer(serializers.ModelSerializer):
    """The trace: when, where, how, by whom; for a child, who the return home interview goes to
    (default: the local authority on record)."""

    rhi_agency = rhi_agency_field()

    class Meta:
        model = MissingPersonCase
        fields = [*TRACE_FIELDS, "rhi_agency"]
        extra_kwargs = {
            "traced_at": {"required": True},
            "traced_where": {"required": True},
            "traced_how": {"required": True},
        }


class ReturnSerializer(serializers.ModelSerializer):
    rhi_agency = rhi_agency_field()

    class Meta:
        model = MissingPersonCase
        fields = RETURN_FIELDS


class ReferRhiSerializer(serializers.Serializer):
    """Refer a traced child's return home interview to the case's agency (a disclosure)."""

    agreement = serializers.PrimaryKeyRelatedField(queryset=SharingAgreement.objects.all())
    note_text = serializers.CharField(max_length=10000, trim_whitespace=True)
    purpose = serializers.CharField(max_length=2000, required=False, default=RHI_PURPOSE)


class RhiTimerSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=["due", "overdue", "done"])
    words = serializers.CharField()


class HerbertProtocolSerializer(serializers.ModelSerializer):
    has_photo = serializers.SerializerMethodField()

    class Meta:
        model = HerbertProtocol
        fields = [*HERBERT_FIELDS, "has_photo", "updated_at"]
        read_only_fields = ["updated_at"]

    def get_has_photo(self, form) -> bool:
        return bool(form.photo)


class PhotoSerializer(serializers.Serializer):
    photo = serializers.FileField()
    which = serializers.ChoiceField(choices=["person", "herbert"], default="person")


class ReviewTimerSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=["due", "overdue", "none"])
    words = serializers.CharField()
    due_at = serializers.DateTimeField(allow_null=True)


class MissingCaseListSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    neighbourhood = code_field(Neighbourhood.objects.all(), required=False, allow_null=True)
    is_child = serializers.BooleanField(read_only=True)
    review = serializers.SerializerMethodField()

    class Meta:
        model = MissingPersonCase
        fields = [
            "id",
            "reference",
            "status",
            "name",
            "risk_level",
            "is_child",
            "neighbourhood",
            "missing_since",
            "missing_from",
            "next_review_due_at",
            "review_overdue_since",
            "review",
            "traced_at",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "status",
            "risk_level",
            "next_review_due_at",
            "review_overdue_since",
            "traced_at",
            "version",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(ReviewTimerSerializer)
    def get_review(self, case) -> dict:
        return reads.review_timer(case)


class MissingCaseSerializer(MissingCaseListSerializer):
    """One case. Create it with the report's fields and `assessment` (the first risk grading);
    give `incident` to attach it to an incident already logged, else one is logged with it.
    The photo is uploaded to `photo/` and read from there (audited), never a public URL."""

    incident = serializers.PrimaryKeyRelatedField(queryset=Incident.objects.all(), required=False, allow_null=True)
    assessment = AssessmentSerializer(write_only=True)
    assessments = AssessmentSerializer(many=True, read_only=True)
    sightings = SightingSerializer(many=True, read_only=True)
    actions = ActionSerializer(many=True, read_only=True)
    herbert_protocol = serializers.SerializerMethodField()
    earlier_episodes = serializers.SlugRelatedField(slug_field="reference", many=True, read_only=True)
    has_photo = serializers.SerializerMethodField()
    rhi_agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    safe_and_well_by = username_field(read_only=True)
    created_by = username_field(read_only=True)
    age_when_missing = serializers.IntegerField(read_only=True)
    # The referral as shared: read, acknowledged, action done and the agency's replies.
    rhi_referral = NoteShareSerializer(source="rhi_share", read_only=True, allow_null=True)
    rhi = serializers.SerializerMethodField()

    class Meta(MissingCaseListSerializer.Meta):
        fields = [
            *MissingCaseListSerializer.Meta.fields,
            *[f for f in CASE_FIELDS if f not in ("name", "neighbourhood", "missing_since", "missing_from")],
            "age_when_missing",
            "incident",
            "assessment",
            "assessments",
            "sightings",
            "actions",
            "herbert_protocol",
            "earlier_episodes",
            "has_photo",
            *TRACE_FIELDS,
            *RETURN_FIELDS,
            "safe_and_well_by",
            "rhi_referred_at",
            "rhi_due_at",
            "rhi",
            "rhi_referral",
            "created_by",
        ]
        read_only_fields = [
            *MissingCaseListSerializer.Meta.read_only_fields,
            *TRACE_FIELDS,
            *RETURN_FIELDS,
            "rhi_referred_at",
            "rhi_due_at",
        ]

    @extend_schema_field(RhiTimerSerializer(allow_null=True))
    def get_rhi(self, case):
        return reads.rhi_timer(case)

    @extend_schema_field(HerbertProtocolSerializer(allow_null=True))
    def get_herbert_protocol(self, case):
        form = getattr(case, "herbert_protocol", None)
        return HerbertProtocolSerializer(form).data if form else None

    def get_has_photo(self, case) -> bool:
        return bool(case.photo)


class MissingCaseUpdateSerializer(serializers.ModelSerializer):
    neighbourhood = code_field(Neighbourhood.objects.all(), required=False, allow_null=True)

    class Meta:
        model = MissingPersonCase
        fields = CASE_FIELDS


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
