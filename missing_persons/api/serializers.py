"""Serializers of `missing-person-cases/` (docs/missing-persons.md): the case, its risk
assessments, sightings, actions, trace, return, RHI referral and Herbert Protocol."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import PartnerAgency, User
from community.models.neighbourhoods import Neighbourhood
from incidents.models.incidents import Incident
from missing_persons import selectors as reads
from missing_persons.choices import MissingRiskLevel, RiskAnswer
from missing_persons.models import (
    HerbertProtocol,
    HighRiskChecklistItem,
    MissingAction,
    MissingPersonCase,
    MissingRiskAssessment,
    MissingSighting,
)
from missing_persons.services.common import CASE_FIELDS
from missing_persons.services.herbert import HERBERT_FIELDS
from missing_persons.services.outcome import RETURN_FIELDS, TRACE_FIELDS
from missing_persons.services.rhi import RHI_AGENCY_KINDS, RHI_PURPOSE
from partners.api.serializers import NoteShareSerializer
from partners.models import SharingAgreement
from pcso.api import code_field


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
