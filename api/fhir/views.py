"""`GET /fhir/Patient/{id}/$everything`: the client's record as a FHIR R4 Bundle (the read is audited)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from intake.audit import audit_view
from intake.models import Client

from .export import patient_everything

__all__ = ["FhirJSONRenderer", "PatientEverythingView"]

READ_RECORD = ["intake.view_client", "intake.view_intake", "intake.view_appointment", "intake.view_flag"]
# drf's exception codes in FHIR's issue types
ISSUE_TYPES = {
    "not_authenticated": "login",
    "authentication_failed": "login",
    "permission_denied": "forbidden",
}


class FhirJSONRenderer(JSONRenderer):
    """FHIR's JSON media type."""

    media_type = "application/fhir+json"


class PatientEverythingView(APIView):
    """Everything the clinic holds about a client, as a FHIR R4 searchset Bundle."""

    required_permissions = {"GET": READ_RECORD}
    renderer_classes = [FhirJSONRenderer, JSONRenderer]

    @extend_schema(
        operation_id="fhir_patient_everything",
        tags=["fhir"],
        responses={200: OpenApiResponse(response={"type": "object"}, description="A FHIR R4 Bundle")},
    )
    def get(self, request, pk):
        """The client's Bundle: Patient, conditions, medications, procedures, allergy, intakes, findings,
        flags and appointments."""
        client = get_object_or_404(Client, pk=pk)
        audit_view(request, client)
        url = request.build_absolute_uri()
        return Response(patient_everything(client, base_url=url[: url.index("Patient/")]))

    def handle_exception(self, exc):
        """Errors as a FHIR OperationOutcome, the detail kept where API clients look for it."""
        response = super().handle_exception(exc)
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        code = getattr(detail, "code", "")
        response.data = {
            "resourceType": "OperationOutcome",
            "issue": [
                {
                    "severity": "error",
                    "code": ISSUE_TYPES.get(
                        code, "not-found" if response.status_code == 404 else "processing"
                    ),
                    "diagnostics": str(detail) or "error",
                }
            ],
        }
        return response
