"""The CDS Hooks endpoints: discovery, the `appointment-book` service, and its feedback."""

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from intake.audit import audit_view
from intake.models import OverrideReason
from intake.rules.findings import Finding, Level, format_date

from ..fhir.systems import code_system
from .serializers import HOOK, FeedbackSerializer, HookRequestSerializer
from .services import cds_cards_issue, cds_feedback_record

__all__ = ["DiscoveryView", "FeedbackView", "ServiceView"]

SERVICE_ID = "contraindication-screening"
SUMMARY_LENGTH = 140  # the specification's limit: a summary is shorter than this
INDICATORS = {Level.CONTRAINDICATED: "critical", Level.CAUTION: "warning", Level.ADVICE: "info"}


def service_description() -> dict:
    """The service as discovery lists it."""
    return {
        "hook": HOOK,
        "id": SERVICE_ID,
        "title": _("%(clinic)s contraindication screening") % {"clinic": settings.CLINIC_NAME},
        "description": _(
            "Screens each proposed appointment against the client's current intake: a contraindication is "
            "a critical card, a caution a warning, advice an info card."
        ),
        "usageRequirements": _(
            "Send the API token as a bearer token; context.patientId is the clinic's client id; each "
            "Appointment names its treatment in serviceType (system %(system)s)."
        )
        % {"system": code_system("treatment")},
    }


def summary(finding: Finding) -> str:
    """The card's one-line summary, shorter than the specification's 140 characters."""
    text = f"{str(finding.level.label).capitalize()}: {finding.message}"
    return text if len(text) < SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 2] + "…"


def detail(finding: Finding, proposal: dict) -> str:
    """The card's detail in Markdown: which appointment, what to do, the evidence and the rule."""
    when = timezone.localtime(proposal["start"])
    lines = [
        f"**{proposal['treatment'].name}, {format_date(when.date())} {when:%H:%M}**",
        finding.hint,
        _("Evidence: %(evidence)s") % {"evidence": finding.evidence_text},
        _("Rule %(code)s") % {"code": f"`{finding.code}`"}
        + (
            _("; intensity at most %(cap)s") % {"cap": finding.max_intensity} if finding.max_intensity else ""
        ),
    ]
    return "\n\n".join(line for line in lines if line)


def card(request, issued, reasons: list[dict]) -> dict:
    """One finding as a CDS Hooks card; a contraindication offers the clinic's override reasons."""
    record, finding, proposal = issued
    answer = {
        "uuid": str(record.uuid),
        "summary": summary(finding),
        "indicator": INDICATORS[finding.level],
        "detail": detail(finding, proposal),
        "source": {
            "label": _("%(clinic)s screening") % {"clinic": settings.CLINIC_NAME},
            "url": request.build_absolute_uri(reverse("rules:reference")),
            "topic": {"system": code_system("rule"), "code": finding.code, "display": finding.message},
        },
    }
    if finding.level == Level.CONTRAINDICATED:
        answer["overrideReasons"] = reasons
    return answer


def known_service(service_id: str) -> None:
    """Only the one service this app offers exists."""
    if service_id != SERVICE_ID:
        raise Http404(_("No CDS service “%(id)s”.") % {"id": service_id})


class DiscoveryView(APIView):
    """CDS Hooks discovery: the services offered (public, as the specification expects)."""

    permission_classes = [AllowAny]

    @extend_schema(
        tags=["cds-hooks"],
        responses={200: OpenApiResponse(response={"type": "object"}, description='`{"services": [...]}`')},
    )
    def get(self, request):
        """The one service: contraindication screening on `appointment-book`."""
        return Response({"services": [service_description()]})


class ServiceView(APIView):
    """The `appointment-book` hook: screen the proposed appointments and answer with cards."""

    required_permissions = {"POST": ["intake.view_client", "intake.view_intake"]}

    @extend_schema(
        tags=["cds-hooks"],
        request=HookRequestSerializer,
        responses={200: OpenApiResponse(response={"type": "object"}, description='`{"cards": [...]}`')},
    )
    def post(self, request, service_id):
        """One card per finding per proposed appointment, most severe first (the read is audited)."""
        known_service(service_id)
        serializer = HookRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        client = data["context"]["patientId"]
        audit_view(request, client)
        issued = cds_cards_issue(
            service=service_id,
            hook_instance=data["hookInstance"],
            client=client,
            proposals=data["proposals"],
            by=request.user,
        )
        reasons = [
            {"code": str(reason.pk), "system": code_system("override-reason"), "display": reason.text}
            for reason in OverrideReason.objects.filter(active=True)
        ]
        return Response({"cards": [card(request, each, reasons) for each in issued]})


class FeedbackView(APIView):
    """Feedback: what the user did with each card, accepted or overridden (with a reason)."""

    required_permissions = {"POST": ["intake.view_client", "intake.add_appointment"]}

    @extend_schema(
        tags=["cds-hooks"],
        request=FeedbackSerializer,
        responses={200: inline_serializer("FeedbackRecorded", {"recorded": serializers.IntegerField()})},
    )
    def post(self, request, service_id):
        """Record each entry; overriding a contraindication needs the override permission."""
        known_service(service_id)
        serializer = FeedbackSerializer(data=request.data, context={"service": service_id})
        serializer.is_valid(raise_exception=True)
        for entry in serializer.validated_data["feedback"]:
            cds_feedback_record(**entry, by=request.user)
        return Response({"recorded": len(serializer.validated_data["feedback"])})
