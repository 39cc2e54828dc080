from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from community.models.neighbourhoods import Neighbourhood
from incidents.models.incidents import Incident
from intelligence import policies
from intelligence.choices import (
    Dissemination,
    HandlingCode,
    IntelligenceAssessment,
    Priority,
    SourceEvaluation,
    SubjectKind,
)
from intelligence.models import IntelligenceLog, IntelligenceSubject, SourceRecord
from intelligence.services import MAX_INCIDENTS, MAX_SUBJECTS

LEGACY_FIELDS = ("legacy_source", "legacy_intelligence", "legacy_handling")


class SubjectSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=SubjectKind.choices)

    class Meta:
        model = IntelligenceSubject
        fields = ["kind", "text"]


class IntelligenceLogSerializer(serializers.ModelSerializer):
    """A report as the reader may see it: `text` is the sanitised text for everyone once it is
    evaluated (before that, its submitter and the unit read what was submitted). The source
    and the unsanitised original are separate, restricted reads (`source/`, `original/`)."""

    reference = serializers.CharField(read_only=True)
    text = serializers.SerializerMethodField()
    grading = serializers.CharField(read_only=True)
    grading_words = serializers.CharField(read_only=True)
    neighbourhood = serializers.SlugRelatedField(slug_field="code", read_only=True)
    subjects = SubjectSerializer(many=True, read_only=True)
    incidents = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    submitted_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    evaluated_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    rejection_reason = serializers.SerializerMethodField()
    sanitised = serializers.SerializerMethodField()

    class Meta:
        model = IntelligenceLog
        fields = [
            "id", "reference", "status", "text", "sanitised", "occurred_at", "location_text", "latitude",
            "longitude", "neighbourhood", "source_evaluation", "intelligence_assessment", "handling_code",
            "handling_conditions", "grading", "grading_words", "conditions_permit_briefing", "priority",
            "dissemination", *LEGACY_FIELDS, "subjects", "incidents", "submitted_by", "submitted_at",
            "evaluated_by", "evaluated_at", "rejection_reason", "version",
        ]  # fmt: skip
        read_only_fields = fields

    def reader(self):
        return self.context["request"].user

    def get_text(self, log) -> str:
        return policies.report_text(self.reader(), log)

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_sanitised(self, log) -> bool | None:
        """Whether the unit changed the text (the unit only; null for others)."""
        return log.was_sanitised if policies.is_intelligence_unit(self.reader()) else None

    def get_rejection_reason(self, log) -> str:
        return log.rejection_reason if policies.sees_original_as_report(self.reader(), log) else ""


class SourceInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    contact = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    relationship = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class IntelligenceLogCreateSerializer(serializers.ModelSerializer):
    """Submit a report: the 3x5x2 grading, a priority, what it is about, and `source` (who the
    source is), which is stored apart from the report. Legacy 5x5x5 grades are refused."""

    neighbourhood = serializers.SlugRelatedField(
        slug_field="code", queryset=Neighbourhood.objects.all(), required=False, allow_null=True
    )
    source_evaluation = serializers.ChoiceField(choices=SourceEvaluation.choices)
    intelligence_assessment = serializers.ChoiceField(choices=IntelligenceAssessment.choices)
    handling_code = serializers.ChoiceField(choices=HandlingCode.choices)
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.LOW)
    subjects = SubjectSerializer(many=True, required=False, max_length=MAX_SUBJECTS)
    incidents = serializers.ListField(
        child=serializers.PrimaryKeyRelatedField(queryset=Incident.objects.all()),
        required=False,
        max_length=MAX_INCIDENTS,
    )
    source = SourceInputSerializer(write_only=True)

    class Meta:
        model = IntelligenceLog
        fields = [
            "original_text", "occurred_at", "location_text", "latitude", "longitude", "neighbourhood",
            "source_evaluation", "intelligence_assessment", "handling_code", "handling_conditions", "priority",
            "subjects", "incidents", "source",
        ]  # fmt: skip

    def validate(self, attrs):
        sent = [name for name in LEGACY_FIELDS if name in self.initial_data]
        if sent:
            raise serializers.ValidationError(
                {name: "Legacy 5x5x5 grades are for imported old reports only: grade new ones 3x5x2." for name in sent}
            )
        return attrs


class EvaluateSerializer(serializers.Serializer):
    source_evaluation = serializers.ChoiceField(choices=SourceEvaluation.choices)
    intelligence_assessment = serializers.ChoiceField(choices=IntelligenceAssessment.choices)
    handling_code = serializers.ChoiceField(choices=HandlingCode.choices)
    handling_conditions = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    conditions_permit_briefing = serializers.BooleanField(required=False, default=False)
    priority = serializers.ChoiceField(choices=Priority.choices)
    dissemination = serializers.ChoiceField(choices=Dissemination.choices)
    sanitised_text = serializers.CharField(max_length=8000, required=False, allow_blank=True)


class SanitiseSerializer(serializers.Serializer):
    sanitised_text = serializers.CharField(max_length=8000)


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class JustificationSerializer(serializers.Serializer):
    justification = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class SourceRecordSerializer(serializers.ModelSerializer):
    log = serializers.CharField(source="log.reference", read_only=True)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = SourceRecord
        fields = ["log", "name", "contact", "relationship", "created_by", "created_at"]
        read_only_fields = fields


class OriginalTextSerializer(serializers.Serializer):
    reference = serializers.CharField()
    original_text = serializers.CharField()
