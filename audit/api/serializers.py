from rest_framework import serializers

from audit.models import AuditEvent


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = [
            "id", "occurred_at", "category", "action", "outcome", "actor_username", "actor_role",
            "actor_agency", "object_type", "object_id", "object_repr", "justification", "recipient",
            "request_id", "source", "ip_address", "details",
        ]  # fmt: skip
        read_only_fields = fields
