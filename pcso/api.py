"""Thin shared layer for the REST API: permissions, pagination, errors, ETags, the If-Match
header in the schema, shared fields, and the routers of the apps' api/urls.py."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter, SimpleRouter
from rest_framework.urlpatterns import format_suffix_patterns
from rest_framework.views import exception_handler as drf_exception_handler

from pcso.concurrency import StaleVersionError
from pcso.geo import LATITUDE_RANGE, LONGITUDE_RANGE

NOT_FOUND_BODY = {"detail": "Not found."}


# The If-Match header in the schema: optional where a write may go without it (verbs that
# check the version only when told one), required where ETagMixin refuses a write without it.
class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = "Send If-Match with the ETag of the version you read: others may be editing this record."
    default_code = "precondition_required"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "Someone else changed this record since you read it. Read it again and reapply your change."
    default_code = "precondition_failed"


def etag_for(obj) -> str:
    """A strong ETag from the record's `version`, which every change increments."""
    return f'"{obj._meta.model_name}-{obj.pk}-v{obj.version}"'


# For @extend_schema: PUT/PATCH need If-Match; the workflow actions take it optionally.
IF_MATCH = OpenApiParameter(
    "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, description="The ETag of the version you read"
)
IF_MATCH_REQUIRED = OpenApiParameter(
    "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True, description="The ETag of the version you read"
)


class ETagMixin:
    """Detail responses carry an ETag; PUT and PATCH must send it back in If-Match.

    Without If-Match a write is refused with 428, with a tag other than the current one
    with 412. The version the tag names is handed to the service, which checks it again
    under a row lock, so a write racing this check still cannot overwrite silently.
    """

    def etag_response(self, obj, data, status_code=status.HTTP_200_OK, **kwargs) -> Response:
        return Response(data, status=status_code, headers={"ETag": etag_for(obj)}, **kwargs)

    def if_match_version(self, request, obj, *, required: bool = True) -> int | None:
        header = request.headers.get("If-Match", "").strip()
        if not header:
            if required:
                raise PreconditionRequired()
            return None
        tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
        if etag_for(obj) not in tags:
            raise PreconditionFailed()
        return obj.version


def code_field(queryset, **kwargs) -> serializers.SlugRelatedField:
    """A neighbourhood, agency or reference-list entry named by its stable `code`, not its id."""
    return serializers.SlugRelatedField(slug_field="code", queryset=queryset, **kwargs)


# A point typed into the API: in range, and finite (DRF's FloatField refuses NaN and Infinity,
# which JSON allows and which would slip past a range check). Model serializers get the same
# checks from the model's fields (pcso.geo).
def latitude_api_field(**kwargs) -> serializers.FloatField:
    low, high = LATITUDE_RANGE
    return serializers.FloatField(min_value=low, max_value=high, **kwargs)


def longitude_api_field(**kwargs) -> serializers.FloatField:
    low, high = LONGITUDE_RANGE
    return serializers.FloatField(min_value=low, max_value=high, **kwargs)


class Pagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 500


def exception_handler(exc, context):
    """DRF's shape for every error; Django's ValidationError becomes a 400 with field errors.

    Every 404 carries the same body, whether the record is missing or out of scope.
    """
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(detail=str(exc) or None)
    elif isinstance(exc, Http404 | exceptions.NotFound):
        # A copy: an HTML renderer adds "status_code" to the data it is given.
        return Response(dict(NOT_FOUND_BODY), status=status.HTTP_404_NOT_FOUND)
    elif isinstance(exc, StaleVersionError):
        # Lost the race after the If-Match check: same answer as a stale If-Match.
        response = drf_exception_handler(PreconditionFailed(), context)
        response["ETag"] = etag_for(exc.current)
        return response
    return drf_exception_handler(exc, context)


class AppRouter(SimpleRouter):
    """The router of one app's api/urls.py: its viewsets, with the `.json` suffixes that
    DefaultRouter adds. The API root listing every app's resources is `api_root_patterns`."""

    def get_urls(self):
        return format_suffix_patterns(super().get_urls())


def api_root_patterns(urlconfs) -> list:
    """GET /api/v1/ (and `.json`): a link to every resource the `include()`d app URLconfs
    register on their `router`, as DefaultRouter's root gave when one router held them all."""
    root = DefaultRouter()
    for urlconf_module, _app_name, _namespace in urlconfs:
        router = getattr(urlconf_module, "router", None)
        root.registry.extend(router.registry if router is not None else [])
    return format_suffix_patterns([path("", root.get_api_root_view(), name=root.root_view_name)])
