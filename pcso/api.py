"""Thin shared layer for the REST API: permissions, pagination, errors, ETags."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

NOT_FOUND_BODY = {"detail": "Not found."}


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
        return Response(NOT_FOUND_BODY, status=status.HTTP_404_NOT_FOUND)
    return drf_exception_handler(exc, context)
