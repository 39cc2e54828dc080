"""How a note share reads in the API: to police users (what was disclosed, to whom, and the
replies), to the partner (the note and the context the sharer chose), and the request
that makes one. missing_persons answers an RHI referral with the share it made."""

from rest_framework import serializers

from accounts.models import PartnerAgency
from partners.models import NoteReply, NoteShare, SharingAgreement


class ShareCreateSerializer(serializers.Serializer):
    agency = serializers.SlugRelatedField(slug_field="code", queryset=PartnerAgency.objects.all())
    agreement = serializers.PrimaryKeyRelatedField(queryset=SharingAgreement.objects.all())
    purpose = serializers.CharField(max_length=2000)
    include_neighbourhood = serializers.BooleanField(default=True)
    include_reference = serializers.BooleanField(default=True)
    action = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    action_due_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class ReplySerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author.display_name", read_only=True)

    class Meta:
        model = NoteReply
        fields = ["id", "author_name", "body", "created_at"]
        read_only_fields = ["id", "author_name", "created_at"]


class NoteShareSerializer(serializers.ModelSerializer):
    """A share as police users see it."""

    incident = serializers.IntegerField(source="note.incident_id", read_only=True)
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    agreement_reference = serializers.CharField(source="agreement.reference", read_only=True)
    shared_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    revoked_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    acknowledged_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    action_done_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    replies = ReplySerializer(many=True, read_only=True)

    class Meta:
        model = NoteShare
        fields = [
            "id", "note", "incident", "agency", "agency_name", "agreement", "agreement_reference", "purpose",
            "body", "context_neighbourhood", "context_reference", "shared_by", "shared_at", "revoked_at",
            "revoked_by", "revoke_reason", "first_read_at", "acknowledged_at", "acknowledged_by", "action",
            "action_due_at", "action_done_at", "action_done_by", "replies",
        ]  # fmt: skip
        read_only_fields = fields


class RevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class SharedNoteSerializer(serializers.ModelSerializer):
    """A share as the partner sees it: the note's text and the context the sharer chose,
    never the case, its other notes, or who else it went to."""

    shared_by_name = serializers.CharField(source="shared_by.display_name", read_only=True)
    agreement = serializers.CharField(source="agreement.reference", read_only=True)
    agreement_title = serializers.CharField(source="agreement.title", read_only=True)
    acknowledged_by_name = serializers.CharField(source="acknowledged_by.display_name", default=None, read_only=True)
    action_done_by_name = serializers.CharField(source="action_done_by.display_name", default=None, read_only=True)
    action_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = NoteShare
        fields = [
            "id", "body", "shared_at", "shared_by_name", "purpose", "agreement", "agreement_title",
            "context_neighbourhood", "context_reference", "acknowledged_at", "acknowledged_by_name", "action",
            "action_due_at", "action_done_at", "action_done_by_name", "action_overdue",
        ]  # fmt: skip
        read_only_fields = fields
