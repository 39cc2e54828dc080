from datetime import datetime

from django.conf import settings
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from accounts.models import User
from community.models.engagements import Priority
from community.models.neighbourhoods import Neighbourhood
from incidents.asb import review_threshold
from incidents.choices import AsbCaseRole, AsbCaseStatus, NoticeStatus, RiskLevel
from incidents.models.asb import AsbAction, AsbCase, AsbCasePerson, AsbTool
from incidents.models.incidents import AsbSubtype, Incident, IncidentCategory, IncidentPerson
from incidents.models.notes import CaseNote
from incidents.models.notices import NoticeOffence, PenaltyNotice
from incidents.policies import note_edit_deadline
from incidents.repeats import incident_repeats
from incidents.selectors import asb_case_locations
from incidents.services.incidents import THRIVE_FIELDS
from pcso.api import code_field


class IncidentPersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = IncidentPerson
        fields = ["role", "name", "contact"]


class RepeatIncidentSerializer(serializers.ModelSerializer):
    opening_category = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Incident
        fields = ["id", "reference", "occurred_at", "opening_category", "location_text", "status"]


class IncidentListSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    opening_category = code_field(IncidentCategory.objects.filter(is_active=True))
    opening_category_name = serializers.CharField(source="opening_category.name", read_only=True)
    closing_category = serializers.SlugRelatedField(slug_field="code", read_only=True)
    asb_subtype = code_field(AsbSubtype.objects.filter(is_active=True), required=False, allow_null=True)
    neighbourhood = code_field(Neighbourhood.objects.all(), required=False, allow_null=True)
    assignee = serializers.SlugRelatedField(slug_field="username", read_only=True)
    priority = serializers.PrimaryKeyRelatedField(queryset=Priority.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Incident
        fields = [
            "id", "reference", "status", "opening_category", "opening_category_name", "asb_qualifier",
            "asb_subtype", "occurred_at", "location_text", "latitude", "longitude", "neighbourhood",
            "assignee", "closing_category", "repeat_location", "repeat_person", "priority", "version",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["status", "repeat_location", "repeat_person", "version", "created_at", "updated_at"]


class IncidentSerializer(IncidentListSerializer):
    """One incident. `people` is written when the incident is logged; `repeats` lists the
    earlier incidents that make it a repeat location or involve a repeat victim/caller."""

    people = IncidentPersonSerializer(many=True, required=False, max_length=20)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    repeats = serializers.SerializerMethodField()

    class Meta(IncidentListSerializer.Meta):
        fields = [
            *IncidentListSerializer.Meta.fields, "account", *THRIVE_FIELDS, "people", "created_by", "repeats",
        ]  # fmt: skip

    @extend_schema_field(
        inline_serializer(
            "IncidentRepeats",
            {
                "window_days": serializers.IntegerField(),
                "location": RepeatIncidentSerializer(many=True),
                "people": inline_serializer(
                    "RepeatPerson",
                    {
                        "name": serializers.CharField(),
                        "role": serializers.CharField(),
                        "incidents": RepeatIncidentSerializer(many=True),
                    },
                    many=True,
                ),
            },
        )
    )
    def get_repeats(self, incident) -> dict:
        repeats = incident_repeats(incident)
        return {
            "window_days": settings.REPEAT_WINDOW_DAYS,
            "location": RepeatIncidentSerializer(repeats["location"], many=True).data,
            "people": [
                {
                    "name": match["person"].name,
                    "role": match["person"].role,
                    "incidents": RepeatIncidentSerializer(match["incidents"], many=True).data,
                }
                for match in repeats["people"]
            ],
        }


class IncidentUpdateSerializer(IncidentSerializer):
    """The same fields; people are added when the incident is logged, not by editing it."""

    class Meta(IncidentSerializer.Meta):
        read_only_fields = [*IncidentSerializer.Meta.read_only_fields, "people"]


class AssignSerializer(serializers.Serializer):
    assignee = serializers.SlugRelatedField(slug_field="username", queryset=User.objects.filter(is_active=True))


class ResolveSerializer(serializers.Serializer):
    closing_category = code_field(IncidentCategory.objects.filter(is_active=True))


class CloseSerializer(serializers.Serializer):
    closing_category = code_field(IncidentCategory.objects.filter(is_active=True), required=False)


class CaseNoteSerializer(serializers.ModelSerializer):
    author = serializers.SlugRelatedField(slug_field="username", read_only=True)
    author_name = serializers.CharField(source="author.display_name", read_only=True)
    editable_until = serializers.SerializerMethodField()

    class Meta:
        model = CaseNote
        fields = ["id", "author", "author_name", "created_at", "body", "edited_at", "editable_until"]
        read_only_fields = ["created_at", "edited_at"]

    def get_editable_until(self, note) -> datetime:
        return note_edit_deadline(note)


# --- ASB cases -----------------------------------------------------------------------


def at_most_200(incidents):
    if len(incidents) > 200:
        raise serializers.ValidationError("Link at most 200 incidents at a time.")
    return incidents


class AsbCasePersonSerializer(serializers.ModelSerializer):
    role = serializers.ChoiceField(choices=AsbCaseRole.choices, default=AsbCaseRole.PERPETRATOR)

    class Meta:
        model = AsbCasePerson
        fields = ["id", "role", "name", "contact"]
        read_only_fields = ["id"]


class AsbActionSerializer(serializers.ModelSerializer):
    tool = code_field(AsbTool.objects.filter(is_active=True))
    tool_name = serializers.CharField(source="tool.name", read_only=True)
    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = AsbAction
        fields = ["id", "tool", "tool_name", "taken_on", "issued_to", "expires_on", "details", "recorded_by",
                  "created_at"]  # fmt: skip
        read_only_fields = ["id", "recorded_by", "created_at"]


class AsbCaseListSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    neighbourhood = code_field(Neighbourhood.objects.all(), required=False, allow_null=True)
    incident_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = AsbCase
        fields = [
            "id", "reference", "title", "status", "risk_level", "next_review_on", "last_reviewed_at",
            "review_threshold_met_on", "neighbourhood", "incident_count", "version", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = [
            "status", "risk_level", "next_review_on", "last_reviewed_at", "review_threshold_met_on", "version",
            "created_at", "updated_at",
        ]  # fmt: skip


class AsbCaseSerializer(AsbCaseListSerializer):
    """One case. Create it with `incidents` (ids of ASB incidents), optional `perpetrators` and,
    for supervisors, `risk_level`; `review_threshold` says where it stands against the
    ASB case review threshold and its deadlines."""

    incidents = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Incident.objects.select_related("opening_category")
    )

    def validate_incidents(self, value):
        return at_most_200(value)

    perpetrators = AsbCasePersonSerializer(many=True, write_only=True, required=False, max_length=20)
    people = AsbCasePersonSerializer(many=True, read_only=True)
    actions = AsbActionSerializer(many=True, read_only=True)
    locations = serializers.SerializerMethodField()
    review_threshold = serializers.SerializerMethodField()
    risk_level = serializers.ChoiceField(choices=RiskLevel.choices, default=RiskLevel.STANDARD)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    incident_count = serializers.SerializerMethodField()

    class Meta(AsbCaseListSerializer.Meta):
        fields = [
            *AsbCaseListSerializer.Meta.fields, "summary", "incidents", "perpetrators", "people", "actions",
            "locations", "review_threshold", "created_by",
        ]  # fmt: skip
        read_only_fields = [f for f in AsbCaseListSerializer.Meta.read_only_fields if f != "risk_level"]

    def get_incident_count(self, case) -> int:
        return len(case.incidents.all())

    @extend_schema_field(
        inline_serializer(
            "AsbCaseLocation",
            {
                "location": serializers.CharField(),
                "latitude": serializers.FloatField(allow_null=True),
                "longitude": serializers.FloatField(allow_null=True),
                "incidents": serializers.IntegerField(),
            },
            many=True,
        )
    )
    def get_locations(self, case) -> list:
        return asb_case_locations(case)

    @extend_schema_field(
        inline_serializer(
            "AsbReviewThreshold",
            {
                "required": serializers.IntegerField(),
                "months": serializers.IntegerField(),
                "count": serializers.IntegerField(),
                "met": serializers.BooleanField(),
                "window_start": serializers.DateField(),
                "lapses_on": serializers.DateField(allow_null=True),
                "complaints": inline_serializer(
                    "AsbQualifyingComplaint",
                    {
                        "incident": serializers.IntegerField(),
                        "occurred_on": serializers.DateField(),
                        "report_by": serializers.DateField(),
                    },
                    many=True,
                ),
            },
        )
    )
    def get_review_threshold(self, case) -> dict:
        state = review_threshold(case.incidents.all())
        return {
            **state,
            "complaints": [{**c, "incident": c["incident"].pk} for c in state["complaints"]],
        }


class AsbCaseUpdateSerializer(serializers.ModelSerializer):
    neighbourhood = code_field(Neighbourhood.objects.all(), required=False, allow_null=True)
    status = serializers.ChoiceField(choices=AsbCaseStatus.choices, required=False)

    class Meta:
        model = AsbCase
        fields = ["title", "summary", "neighbourhood", "status"]


class AsbAddIncidentsSerializer(serializers.Serializer):
    incidents = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Incident.objects.select_related("opening_category")
    )

    def validate_incidents(self, value):
        return at_most_200(value)


class AsbReviewSerializer(serializers.Serializer):
    risk_level = serializers.ChoiceField(choices=RiskLevel.choices)


# --- Penalty notices -------------------------------------------------------------------


class PenaltyNoticeSerializer(serializers.ModelSerializer):
    """A notice in the register. `offence` is a code the issuer is designated for;
    `notice_type` and `amount` come from the offence when it is issued."""

    reference = serializers.CharField(read_only=True)
    offence = code_field(NoticeOffence.objects.all())
    offence_name = serializers.CharField(source="offence.name", read_only=True)
    neighbourhood = code_field(Neighbourhood.objects.all(), required=False, allow_null=True)
    incident = serializers.PrimaryKeyRelatedField(queryset=Incident.objects.all(), required=False, allow_null=True)
    asb_case = serializers.PrimaryKeyRelatedField(queryset=AsbCase.objects.all(), required=False, allow_null=True)
    issued_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    issued_at = serializers.DateTimeField(required=False)

    class Meta:
        model = PenaltyNotice
        fields = [
            "id", "reference", "offence", "offence_name", "notice_type", "amount", "status", "issued_at",
            "recipient_name", "recipient_address", "location_text", "neighbourhood", "incident", "asb_case",
            "issued_by", "version", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["notice_type", "amount", "status", "version", "created_at", "updated_at"]


class NoticeStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=NoticeStatus.choices)


class DesignationSerializer(serializers.ModelSerializer):
    """A PCSO and the offences they are designated to issue notices for (administrators)."""

    offences = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["username", "offences"]

    def get_offences(self, user) -> list[str]:
        return sorted(d.offence.code for d in user.notice_designations.all())


class DesignationUpdateSerializer(serializers.Serializer):
    offences = serializers.ListField(child=code_field(NoticeOffence.objects.all()), max_length=50)
