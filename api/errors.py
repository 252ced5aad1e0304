"""What the services' exceptions mean over HTTP: every refusal names the field it is about."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from intake.documents import DocumentError

__all__ = ["API_TREES", "exception_handler", "page_not_found"]

# Where the API's URLs live: a URL there that matches nothing is answered in JSON too.
API_TREES = ("/api/", "/fhir/", "/cds-services")


def field_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    """A Django ValidationError as {field: [messages]}, errors on no field under `non_field_errors`."""
    if not hasattr(error, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: error.messages}
    return {
        api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field: messages
        for field, messages in error.message_dict.items()
    }


def exception_handler(exc, context):
    """DRF's handler, plus: a bad intake document is a 400 naming the field; a service refusing a
    well-formed request (Django's ValidationError, e.g. a slot already taken) is a 422."""
    if isinstance(exc, DocumentError):
        exc = ValidationError({exc.field or api_settings.NON_FIELD_ERRORS_KEY: [exc.message]})
    elif isinstance(exc, DjangoValidationError):
        return Response(field_errors(exc), status=status.HTTP_422_UNPROCESSABLE_ENTITY)
    return drf_exception_handler(exc, context)


def page_not_found(request, exception):
    """The site's 404: JSON under the API's URL trees, where clients read answers; Django's page elsewhere."""
    if request.path.startswith(API_TREES):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)
