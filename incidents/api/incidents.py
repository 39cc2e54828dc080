from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from audit.services import audit_consultation
from incidents.api.serializers import (
    AssignSerializer,
    CaseNoteSerializer,
    CloseSerializer,
    IncidentListSerializer,
    IncidentSerializer,
    IncidentUpdateSerializer,
    ResolveSerializer,
)
from incidents.filtersets import IncidentFilterSet
from incidents.selectors import incident_get, incident_list, incident_notes, note_get
from incidents.services.incidents import (
    EDITABLE_FIELDS,
    incident_assign,
    incident_close,
    incident_create,
    incident_resolve,
    incident_start,
    incident_update,
    require_may_edit,
    require_may_log,
    require_may_transition,
)
from incidents.services.notes import note_create, note_edit, require_may_add_note, require_may_edit_note
from pcso.api import IF_MATCH, IF_MATCH_REQUIRED, ETagMixin


def editable(validated: dict) -> dict:
    return {name: value for name, value in validated.items() if name in EDITABLE_FIELDS}


class IncidentViewSet(ETagMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Incidents and ASB. Logging one is a collection, changing it an alteration, reading it
    a consultation. Workflow verbs are actions; PUT/PATCH need If-Match (428 without, 412 stale)."""

    filterset_class = IncidentFilterSet
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return incident_list(actor=self.request.user)

    def get_serializer_class(self):
        if self.action == "list":
            return IncidentListSerializer
        if self.action in ("update", "partial_update"):
            return IncidentUpdateSerializer
        return {
            "assign": AssignSerializer,
            "resolve": ResolveSerializer,
            "close": CloseSerializer,
            "notes": CaseNoteSerializer,
            "note": CaseNoteSerializer,
        }.get(self.action, IncidentSerializer)

    def incident(self):
        """The incident for a write: 404 if out of scope; the write itself is audited."""
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def detail_response(self, incident, status_code=status.HTTP_200_OK, **kwargs):
        incident = self.get_queryset().select_related("created_by").prefetch_related("people").get(pk=incident.pk)
        return self.etag_response(incident, IncidentSerializer(incident).data, status_code, **kwargs)

    def list(self, request, *args, **kwargs):
        audit_consultation(
            actor=request.user, action="incident.search", details={"filters": request.query_params.dict()}
        )
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, pk=None):
        return self.detail_response(incident_get(actor=request.user, pk=pk))

    def create(self, request):
        require_may_log(request.user)
        serializer = IncidentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        people = serializer.validated_data.get("people", [])
        incident = incident_create(actor=request.user, fields=editable(serializer.validated_data), people=people)
        return self.detail_response(incident, status.HTTP_201_CREATED)

    @extend_schema(parameters=[IF_MATCH_REQUIRED])
    def update(self, request, pk=None, partial=False):
        incident = self.incident()
        require_may_edit(request.user, incident)
        version = self.if_match_version(request, incident)
        serializer = IncidentUpdateSerializer(incident, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        fields = editable(serializer.validated_data)
        incident = incident_update(actor=request.user, incident=incident, version=version, fields=fields)
        return self.detail_response(incident)

    @extend_schema(parameters=[IF_MATCH_REQUIRED])
    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)

    def workflow(self, request, verb: str, service, *, with_input: bool = True):
        """Refuse a role that may not use the verb first, then check input and If-Match (optional here)."""
        incident = self.incident()
        require_may_transition(request.user, incident, verb)
        values = self.validated(request) if with_input else {}
        version = self.if_match_version(request, incident, required=False)
        return self.detail_response(service(actor=request.user, incident=incident, version=version, **values))

    def validated(self, request) -> dict:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @extend_schema(parameters=[IF_MATCH], responses=IncidentSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """Supervisors give the incident to an officer: `{"assignee": username}`."""
        return self.workflow(request, "assign", incident_assign)

    @extend_schema(request=None, parameters=[IF_MATCH], responses=IncidentSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        """The assignee starts work on it."""
        return self.workflow(request, "start", incident_start, with_input=False)

    @extend_schema(parameters=[IF_MATCH], responses=IncidentSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        """Dealt with: `{"closing_category": code}` (it may differ from the opening one)."""
        return self.workflow(request, "resolve", incident_resolve)

    @extend_schema(parameters=[IF_MATCH], responses=IncidentSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Supervisors close the record, keeping the resolver's closing category unless given one."""
        return self.workflow(request, "close", incident_close)

    @extend_schema(methods=["get"], responses=CaseNoteSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def notes(self, request, pk=None):
        """Case notes, oldest first (paginated). POST `{"body": ...}` appends one."""
        if request.method == "POST":
            incident = self.incident()
            require_may_add_note(request.user, incident)
            note = note_create(actor=request.user, incident=incident, body=self.validated(request)["body"])
            return Response(CaseNoteSerializer(note).data, status=status.HTTP_201_CREATED)
        incident = incident_get(actor=request.user, pk=pk, action="incident.view_notes")
        page = self.paginate_queryset(incident_notes(actor=request.user, incident=incident))
        return self.get_paginated_response(CaseNoteSerializer(page, many=True).data)

    @extend_schema(methods=["get"], responses=CaseNoteSerializer)
    @action(
        detail=True,
        methods=["get", "put", "patch"],
        url_path=r"notes/(?P<note_pk>\d+)",
        url_name="note-detail",
    )
    def note(self, request, pk=None, note_pk=None):
        """One note. Its author may correct `body` within PCSO_NOTE_EDIT_MINUTES; the old text is audited."""
        incident = self.incident()
        note = note_get(actor=request.user, incident=incident, pk=note_pk)
        if request.method == "GET":
            audit_consultation(actor=request.user, action="note.view", obj=note)
            return Response(CaseNoteSerializer(note).data)
        require_may_edit_note(request.user, note)
        body = self.validated(request)["body"]
        return Response(CaseNoteSerializer(note_edit(actor=request.user, note=note, body=body)).data)
