"""Sharing notes with partner agencies (docs/partners.md).

Police users: `notes/{id}/shares/` (list, and POST to disclose), `shares/` (what was shared
with whom, with the replies) and `shares/{id}/revoke/`. Partner users: `shared-notes/`,
their agency's current shares only, with `replies/`, `acknowledge/` and `action-done/`.
Every partner read is a consultation event naming the shares shown.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.roles import Capability
from audit.services import audit_consultation
from incidents.models.notes import CaseNote
from partners.api.serializers import (
    NoteShareSerializer,
    ReplySerializer,
    RevokeSerializer,
    ShareCreateSerializer,
    SharedNoteSerializer,
)
from partners.filtersets import NoteShareFilterSet
from partners.models import NoteShare
from partners.selectors import (
    note_shares,
    share_get,
    share_list,
    shared_note_get,
    shared_note_list,
    shared_note_replies,
)
from partners.services.shares import (
    note_share,
    require_may_revoke,
    require_may_share,
    share_revoke,
    shared_note_acknowledge,
    shared_note_action_done,
    shared_note_reply,
    shared_notes_read,
)
from pcso.permissions import capability_permission


def share_kwargs(data: dict) -> dict:
    return {name: data[name] for name in ShareCreateSerializer().fields}


class NoteViewSet(viewsets.GenericViewSet):
    """`notes/{id}/shares/`: a note's shares; POST discloses it to an agency under an agreement."""

    lookup_value_regex = r"\d+"
    serializer_class = NoteShareSerializer

    def get_queryset(self):
        return CaseNote.objects.visible_to(self.request.user).select_related("incident__neighbourhood")

    @extend_schema(methods=["get"], responses=NoteShareSerializer(many=True))
    @extend_schema(methods=["post"], request=ShareCreateSerializer, responses=NoteShareSerializer)
    @action(detail=True, methods=["get", "post"])
    def shares(self, request, pk=None):
        """GET the note's shares (paginated). POST `{"agency": CODE, "agreement": ID, "purpose": TEXT}`
        (optional `include_neighbourhood`, `include_reference`, `action`, `action_due_at`)."""
        note = get_object_or_404(self.get_queryset(), pk=pk)
        if request.method == "POST":
            require_may_share(request.user)
            serializer = ShareCreateSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            share = note_share(actor=request.user, note=note, **share_kwargs(serializer.validated_data))
            share = share_list(actor=request.user).get(pk=share.pk)
            return Response(NoteShareSerializer(share).data, status=status.HTTP_201_CREATED)
        audit_consultation(actor=request.user, action="note.view_shares", obj=note)
        page = self.paginate_queryset(note_shares(actor=request.user, note=note))
        return self.get_paginated_response(NoteShareSerializer(page, many=True).data)


class ShareViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """What was shared with whom (police users): read, acknowledged, replies. `revoke/` ends the
    agency's access from its next request; the disclosure stays on record."""

    serializer_class = NoteShareSerializer
    filterset_class = NoteShareFilterSet
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return share_list(actor=self.request.user)

    def list(self, request, *args, **kwargs):
        audit_consultation(actor=request.user, action="share.search", details={"filters": request.query_params.dict()})
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, pk=None):
        return Response(NoteShareSerializer(share_get(actor=request.user, pk=pk)).data)

    @extend_schema(request=RevokeSerializer, responses=NoteShareSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        """`{"reason": "..."}` (optional). The sharer or a supervisor."""
        share = get_object_or_404(self.get_queryset(), pk=pk)
        require_may_revoke(request.user, share)
        serializer = RevokeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        share_revoke(actor=request.user, share=share, reason=serializer.validated_data["reason"])
        return Response(NoteShareSerializer(self.get_queryset().get(pk=share.pk)).data)


class SharedNoteViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The partner's surface: only notes currently shared with the caller's agency. Anything
    else, including a share revoked a moment ago, is the same 404 as a missing one."""

    permission_classes = [capability_permission(Capability.USE_PARTNER_PORTAL)]
    serializer_class = SharedNoteSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return shared_note_list(actor=self.request.user)

    def get_serializer_class(self):
        return ReplySerializer if self.action == "replies" else SharedNoteSerializer

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        shared_notes_read(
            actor=request.user, shares=page, action="shared_note.list", details={"filters": request.query_params.dict()}
        )
        return self.get_paginated_response(SharedNoteSerializer(page, many=True).data)

    def share(self, action_name: str | None = None) -> NoteShare:
        share = shared_note_get(actor=self.request.user, pk=self.kwargs["pk"])
        if action_name:
            shared_notes_read(actor=self.request.user, shares=[share], action=action_name)
        return share

    def retrieve(self, request, pk=None):
        return Response(SharedNoteSerializer(self.share("shared_note.view")).data)

    @extend_schema(methods=["get"], responses=ReplySerializer(many=True))
    @extend_schema(methods=["post"], request=ReplySerializer, responses=ReplySerializer)
    @action(detail=True, methods=["get", "post"])
    def replies(self, request, pk=None):
        """Your agency's replies on this note, oldest first. POST `{"body": ...}` adds one."""
        if request.method == "POST":
            share = self.share()  # 404 before looking at the input
            serializer = ReplySerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            reply = shared_note_reply(actor=request.user, share=share, body=serializer.validated_data["body"])
            return Response(ReplySerializer(reply).data, status=status.HTTP_201_CREATED)
        share = self.share("shared_note.view_replies")
        page = self.paginate_queryset(shared_note_replies(actor=request.user, share=share))
        return self.get_paginated_response(ReplySerializer(page, many=True).data)

    @extend_schema(request=None, responses=SharedNoteSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        """Your agency has received the note (recorded once)."""
        share = shared_note_acknowledge(actor=request.user, share=self.share())
        return Response(SharedNoteSerializer(self.share_fresh(share)).data)

    @extend_schema(request=None, responses=SharedNoteSerializer)
    @action(detail=True, methods=["post"], url_path="action-done", url_name="action-done")
    def action_done(self, request, pk=None):
        """The action asked of your agency is done (recorded once)."""
        share = shared_note_action_done(actor=request.user, share=self.share())
        return Response(SharedNoteSerializer(self.share_fresh(share)).data)

    def share_fresh(self, share: NoteShare) -> NoteShare:
        return self.get_queryset().get(pk=share.pk)
