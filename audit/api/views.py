from rest_framework import viewsets

from accounts.roles import Capability
from audit.api.serializers import AuditEventSerializer
from audit.filtersets import AuditEventFilterSet
from audit.models import AuditEvent
from audit.services import audit_consultation
from pcso.permissions import capability_permission


class AuditEventViewSet(viewsets.ReadOnlyModelViewSet):
    """The audit log: administrators only, and every read of it is itself logged."""

    serializer_class = AuditEventSerializer
    permission_classes = [capability_permission(Capability.VIEW_AUDIT)]
    filterset_class = AuditEventFilterSet
    lookup_value_regex = r"\d+"
    queryset = AuditEvent.objects.order_by("-occurred_at", "-id")

    def list(self, request, *args, **kwargs):
        audit_consultation(actor=request.user, action="audit.search", details={"filters": request.query_params.dict()})
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        audit_consultation(
            actor=request.user, action="audit.view", object_type="audit.auditevent", object_id=kwargs["pk"]
        )
        return response
