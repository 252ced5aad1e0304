"""The REST API's views: each checks its input, calls one selector or service of the intake app, and
answers. Reads of one client's record are written to the audit trail, as the pages do."""

import datetime

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from intake.audit import audit_view
from intake.documents import intake_to_document
from intake.models import Appointment, Client, Flag, Intake
from intake.rules.engine import screen
from intake.rules.loader import screening_context
from intake.rules.snapshot import snapshot_from_document
from intake.selectors import client_search, day_start, intake_with_entries
from intake.services.booking import BookingRefused, BookingRequest, appointment_book, booking_screen
from intake.services.intakes import client_create, client_update, intake_submit

from .schema import ERROR, INTAKE_DOCUMENT
from .serializers import (
    AppointmentFilterSerializer,
    AppointmentSerializer,
    BookingSerializer,
    ClientFilterSerializer,
    ClientSerializer,
    FlagFilterSerializer,
    FlagSerializer,
    IntakeVersionSerializer,
    RefusalSerializer,
    ScreeningRequestSerializer,
    ScreeningResultSerializer,
)

VIEW_CLIENT, ADD_CLIENT, CHANGE_CLIENT = "intake.view_client", "intake.add_client", "intake.change_client"
VIEW_INTAKE, ADD_INTAKE = "intake.view_intake", "intake.add_intake"
VIEW_APPOINTMENT, ADD_APPOINTMENT = "intake.view_appointment", "intake.add_appointment"
VIEW_FLAG = "intake.view_flag"


def query(serializer_class, request) -> dict:
    """The request's query parameters, checked by `serializer_class` (400 naming the parameter)."""
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


@extend_schema_view(get=extend_schema(parameters=[ClientFilterSerializer]))
class ClientListView(generics.ListCreateAPIView):
    """Find clients as the client list page does, or register one."""

    required_permissions = {"GET": [VIEW_CLIENT], "POST": [ADD_CLIENT]}
    queryset = Client.objects.all()
    serializer_class = ClientSerializer

    def filter_queryset(self, queryset):
        return client_search(query(ClientFilterSerializer, self.request).get("q", ""))

    def perform_create(self, serializer):
        serializer.instance = client_create(by=self.request.user, **serializer.validated_data)


class ClientDetailView(generics.RetrieveUpdateAPIView):
    """A client's personal details (the read is audited); PUT or PATCH changes them."""

    required_permissions = {"GET": [VIEW_CLIENT], "PUT": [CHANGE_CLIENT], "PATCH": [CHANGE_CLIENT]}
    queryset = Client.objects.all()
    serializer_class = ClientSerializer

    def retrieve(self, request, *args, **kwargs):
        client = self.get_object()
        audit_view(request, client)
        return Response(self.get_serializer(client).data)

    def perform_update(self, serializer):
        serializer.instance = client_update(
            client=serializer.instance, by=self.request.user, **serializer.validated_data
        )


class ClientIntakeListView(generics.ListAPIView):
    """A client's intake versions, newest first; POST an intake document to store a new version."""

    required_permissions = {"GET": [VIEW_INTAKE], "POST": [ADD_INTAKE]}
    serializer_class = IntakeVersionSerializer

    @cached_property
    def client(self) -> Client:
        """The client in the URL (404 when there is none)."""
        return get_object_or_404(Client, pk=self.kwargs["pk"])

    def get_queryset(self):
        return Intake.objects.filter(client_id=self.kwargs.get("pk")).select_related("created_by")

    def list(self, request, *args, **kwargs):
        audit_view(request, self.client)
        return super().list(request, *args, **kwargs)

    @extend_schema(request={"application/json": INTAKE_DOCUMENT}, responses={201: INTAKE_DOCUMENT})
    def post(self, request, pk):
        """Store the document as the client's new current intake version (then screened again)."""
        intake = intake_submit(
            client=self.client, document=request.data, by=request.user, source=Intake.Source.IMPORT
        )
        location = reverse("api:intake-detail", args=[pk, intake.version])
        document = intake_to_document(intake_with_entries().get(pk=intake.pk))
        return Response(document, status=status.HTTP_201_CREATED, headers={"Location": location})


class IntakeDetailView(APIView):
    """One intake version of a client as an intake document."""

    required_permissions = {"GET": [VIEW_INTAKE]}

    @extend_schema(responses={200: INTAKE_DOCUMENT})
    def get(self, request, pk, version):
        """The stored version, exactly as `manage.py export_intake` writes it."""
        intake = get_object_or_404(intake_with_entries(), client_id=pk, version=version)
        audit_view(request, intake.client)
        return Response(intake_to_document(intake))


class ScreeningView(APIView):
    """What-if screening, answering exactly what `manage.py screen --format json` prints; saves nothing."""

    required_permissions = {"POST": [VIEW_INTAKE]}

    @extend_schema(request=ScreeningRequestSerializer, responses={200: ScreeningResultSerializer})
    def post(self, request):
        """Screen a document, or a client's current intake, for a treatment on a day."""
        serializer = ScreeningRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        treatment, method, intensity = data["treatment"], data.get("method"), data.get("intensity")
        if "client" in data:
            audit_view(request, data["client"])
            result = booking_screen(
                client=data["client"],
                treatment=treatment,
                on=data["date"],
                method=method,
                intensity=intensity,
            )
        else:
            result = screen(
                snapshot_from_document(data["document"]),
                treatment=treatment.code,
                site=treatment.site.code,
                date=data["date"],
                rules=screening_context().rules,
                method=method.code if method else None,
                intensity=intensity.code if intensity else None,
            )
        return Response(result.as_dict())


APPOINTMENTS = Appointment.objects.select_related(
    "treatment", "site", "method", "intensity"
).prefetch_related("findings__acknowledged_by")


@extend_schema_view(get=extend_schema(parameters=[AppointmentFilterSerializer]))
class AppointmentListView(generics.ListAPIView):
    """Appointments, soonest first; POST books one through the same screening and checks as the page."""

    required_permissions = {"GET": [VIEW_APPOINTMENT], "POST": [ADD_APPOINTMENT]}
    queryset = APPOINTMENTS.order_by("start", "id")
    serializer_class = AppointmentSerializer

    def filter_queryset(self, queryset):
        filters = query(AppointmentFilterSerializer, self.request)
        if "client" in filters:
            queryset = queryset.filter(client_id=filters["client"])
        if "status" in filters:
            queryset = queryset.filter(status=filters["status"])
        if "date" in filters:
            day = filters["date"]
            queryset = queryset.filter(
                start__gte=day_start(day), start__lt=day_start(day + datetime.timedelta(days=1))
            )
        return queryset

    @extend_schema(
        request=BookingSerializer,
        responses={201: AppointmentSerializer, 409: RefusalSerializer, 422: ERROR},
    )
    def post(self, request):
        """Book: 409 with every finding when screening refuses, 422 naming the field when the slot cannot
        be booked, 403 for an override without the permission."""
        serializer = BookingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        reason = fields.pop("override_reason")
        try:
            appointment = appointment_book(
                request=BookingRequest(**fields), by=request.user, override_reason=reason
            )
        except BookingRefused as refusal:
            return Response(
                {"detail": str(refusal), "screening": refusal.result.as_dict()},
                status=status.HTTP_409_CONFLICT,
            )
        location = reverse("api:appointment-detail", args=[appointment.pk])
        return Response(
            AppointmentSerializer(APPOINTMENTS.get(pk=appointment.pk)).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": location},
        )


class AppointmentDetailView(generics.RetrieveAPIView):
    """An appointment with its findings (the read is audited)."""

    required_permissions = {"GET": [VIEW_APPOINTMENT]}
    queryset = APPOINTMENTS
    serializer_class = AppointmentSerializer

    def retrieve(self, request, *args, **kwargs):
        appointment = self.get_object()
        audit_view(request, appointment.client)
        return Response(self.get_serializer(appointment).data)


FLAGS = Flag.objects.select_related("intake", "treatment", "rule")


@extend_schema_view(get=extend_schema(parameters=[FlagFilterSerializer]))
class FlagListView(generics.ListAPIView):
    """Flags screening left on clients, by client and status."""

    required_permissions = {"GET": [VIEW_FLAG]}
    queryset = FLAGS.order_by("client", "treatment", "rule__code", "id")
    serializer_class = FlagSerializer

    def filter_queryset(self, queryset):
        filters = query(FlagFilterSerializer, self.request)
        if "client" in filters:
            queryset = queryset.filter(client_id=filters["client"])
        if "status" in filters:
            queryset = queryset.filter(status=filters["status"])
        return queryset


class FlagDetailView(generics.RetrieveAPIView):
    """One flag."""

    required_permissions = {"GET": [VIEW_FLAG]}
    queryset = FLAGS
    serializer_class = FlagSerializer
