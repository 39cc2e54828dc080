"""`partner-agencies/` (by code) and `sharing-agreements/` (docs/partners.md).

Police users read both; administrators register agencies, supervisors and administrators
record agreements. Partner users get 404 from both (the lists name the other partners).
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets

from accounts.choices import AgencyKind
from accounts.models import PartnerAgency
from accounts.roles import Capability, has_capability
from accounts.services import AGENCY_FIELDS, agency_upsert
from audit.choices import Category
from audit.services import audit_consultation, audit_denied
from partners.filtersets import SharingAgreementFilterSet
from partners.models import SharingAgreement
from partners.selectors import agency_get, agency_list, agreement_get, agreement_list
from partners.services.agreements import (
    AGREEMENT_FIELDS,
    agreement_create,
    agreement_update,
    require_may_manage_agreements,
)
from pcso.api import IF_MATCH_REQUIRED, ETagMixin


class PartnerAgencySerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=AgencyKind.choices)

    class Meta:
        model = PartnerAgency
        fields = ["code", "name", "kind", "contact_name", "contact_email", "contact_phone", "is_active", "version"]
        read_only_fields = ["version"]

    def validate_code(self, value):
        if self.instance is None and PartnerAgency.objects.filter(code=value).exists():
            raise serializers.ValidationError("An agency with this code already exists: edit it instead.")
        if self.instance is not None and value != self.instance.code:
            raise serializers.ValidationError("The code identifies the agency and cannot change.")
        return value


def require_may_manage_agencies(actor, agency=None) -> None:
    if not has_capability(actor, Capability.MANAGE_REFERENCE_DATA):
        audit_denied(actor=actor, action="agency.update" if agency else "agency.create",
                     category=Category.ALTERATION, obj=agency)  # fmt: skip
        raise PermissionDenied("Only administrators register partner agencies.")


class PartnerAgencyViewSet(ETagMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Partner agencies by `code`. Administrators create them and change them (PUT/PATCH need
    If-Match: 428 without, 412 stale); their users are created with `create_user --agency`."""

    serializer_class = PartnerAgencySerializer
    lookup_field = "code"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def get_queryset(self):
        return agency_list(actor=self.request.user)

    def list(self, request, *args, **kwargs):
        audit_consultation(actor=request.user, action="agency.search", details={"filters": request.query_params.dict()})
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, code=None):
        agency = agency_get(actor=request.user, code=code)
        return self.etag_response(agency, PartnerAgencySerializer(agency).data)

    def create(self, request):
        require_may_manage_agencies(request.user)
        serializer = PartnerAgencySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        agency, _ = agency_upsert(actor=request.user, **data)
        return self.etag_response(agency, PartnerAgencySerializer(agency).data, status.HTTP_201_CREATED)

    @extend_schema(parameters=[IF_MATCH_REQUIRED])
    def update(self, request, code=None, partial=False):
        agency = get_object_or_404(self.get_queryset(), code=code)
        require_may_manage_agencies(request.user, agency)
        version = self.if_match_version(request, agency)
        serializer = PartnerAgencySerializer(agency, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = {name: getattr(agency, name) for name in AGENCY_FIELDS} | serializer.validated_data
        data.pop("code", None)
        agency, _ = agency_upsert(actor=request.user, code=agency.code, version=version, **data)
        return self.etag_response(agency, PartnerAgencySerializer(agency).data)

    @extend_schema(parameters=[IF_MATCH_REQUIRED])
    def partial_update(self, request, code=None):
        return self.update(request, code, partial=True)


class SharingAgreementSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    parties = serializers.SlugRelatedField(slug_field="code", many=True, queryset=PartnerAgency.objects.all())
    blocks_sharing = serializers.SerializerMethodField(help_text="Why nothing new may be shared under it, or empty")
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = SharingAgreement
        fields = [
            "id", "reference", "title", "parties", "lawful_basis", "purpose", "data_shared", "starts_on",
            "review_on", "expires_on", "status", "status_reason", "blocks_sharing", "created_by", "created_at",
            "updated_at", "version",
        ]  # fmt: skip
        read_only_fields = ["id", "reference", "created_by", "created_at", "updated_at", "version"]

    def get_blocks_sharing(self, agreement) -> str:
        return agreement.blocks_sharing(timezone.localdate())


class SharingAgreementViewSet(ETagMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Information sharing agreements. Supervisors and administrators record and change them
    (PUT/PATCH need If-Match); `blocks_sharing` says why a suspended or expired one refuses shares."""

    serializer_class = SharingAgreementSerializer
    filterset_class = SharingAgreementFilterSet
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return agreement_list(actor=self.request.user)

    def list(self, request, *args, **kwargs):
        audit_consultation(
            actor=request.user, action="agreement.search", details={"filters": request.query_params.dict()}
        )
        return super().list(request, *args, **kwargs)

    def detail_response(self, agreement, status_code=status.HTTP_200_OK):
        agreement = self.get_queryset().get(pk=agreement.pk)
        return self.etag_response(agreement, SharingAgreementSerializer(agreement).data, status_code)

    def retrieve(self, request, pk=None):
        return self.detail_response(agreement_get(actor=request.user, pk=pk))

    def create(self, request):
        require_may_manage_agreements(request.user)
        serializer = SharingAgreementSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        parties = data.pop("parties")
        agreement = agreement_create(actor=request.user, fields=agreement_fields(data), parties=parties)
        return self.detail_response(agreement, status.HTTP_201_CREATED)

    @extend_schema(parameters=[IF_MATCH_REQUIRED])
    def update(self, request, pk=None, partial=False):
        agreement = get_object_or_404(self.get_queryset(), pk=pk)
        require_may_manage_agreements(request.user, agreement)
        version = self.if_match_version(request, agreement)
        serializer = SharingAgreementSerializer(agreement, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        parties = data.pop("parties", None)
        agreement = agreement_update(
            actor=request.user, agreement=agreement, version=version, fields=agreement_fields(data), parties=parties
        )
        return self.detail_response(agreement)

    @extend_schema(parameters=[IF_MATCH_REQUIRED])
    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)


def agreement_fields(data: dict) -> dict:
    return {name: value for name, value in data.items() if name in AGREEMENT_FIELDS}
