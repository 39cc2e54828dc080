from rest_framework import serializers

from accounts.roles import Capability, has_capability
from briefings.models import Acknowledgement, Briefing
from intelligence.policies import briefing_rows_for


class AcknowledgementSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username")
    name = serializers.CharField(source="user.display_name")

    class Meta:
        model = Acknowledgement
        fields = ["username", "name", "acknowledged_at"]


class BriefingListSerializer(serializers.ModelSerializer):
    neighbourhood = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Briefing
        fields = ["id", "neighbourhood", "date", "generated_at", "period_start", "period_end", "contains_demo_data"]


class BriefingSerializer(BriefingListSerializer):
    acknowledged_at = serializers.SerializerMethodField()
    acknowledgements = serializers.SerializerMethodField()
    sections = serializers.SerializerMethodField()

    class Meta(BriefingListSerializer.Meta):
        fields = [*BriefingListSerializer.Meta.fields, "sections", "acknowledged_at", "acknowledgements"]

    def get_sections(self, briefing) -> dict:
        """The snapshot, with the intelligence rows cut to those the reader's role may see."""
        sections = dict(briefing.sections)
        sections["intelligence"] = briefing_rows_for(self.context["request"].user, sections.get("intelligence"))
        return sections

    def get_acknowledged_at(self, briefing) -> str | None:
        user = self.context["request"].user
        ack = next((a for a in briefing.acknowledgements.all() if a.user_id == user.pk), None)
        return ack.acknowledged_at.isoformat() if ack else None

    def get_acknowledgements(self, briefing) -> list[dict] | None:
        """Who has read it: supervisors and administrators only (null for others)."""
        if not has_capability(self.context["request"].user, Capability.VIEW_READ_STATUS):
            return None
        return AcknowledgementSerializer(briefing.acknowledgements.all(), many=True).data
