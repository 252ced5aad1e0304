"""Booking pages: book with screening, the appointment and its actions, schedule, aftercare."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from ..audit import audit_view
from ..forms.booking import AcknowledgeForm, BookingForm, CancelForm, CheckInForm, MoveForm
from ..models import (
    Appointment,
    AppointmentFinding,
    AppointmentStatus,
    Intensity,
    Notice,
    Practitioner,
)
from ..rules.findings import Level
from ..selectors import consent_states, schedule_read
from ..services import booking
from .clients import ClientPageView, StaffView

# The booking service speaks of the appointment's start; the form asks for it as a date and a time.
FORM_FIELDS = {"start": "time"}


def form_errors_from(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: by field where it names one, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            field = FORM_FIELDS.get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class BookView(ClientPageView, View):
    """Book a treatment for a client: check screens it, book saves it if screening allows."""

    permission_required = "intake.add_appointment"
    template_name = "intake/booking_form.html"

    def get(self, request, pk):
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        return self.render(BookingForm(initial={"date": tomorrow, "time": datetime.time(10, 0)}))

    def post(self, request, pk):
        form = BookingForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        data = form.cleaned_data
        if "book" not in request.POST:
            result = booking.booking_screen(
                client=self.client,
                treatment=data["treatment"],
                on=data["date"],
                method=data["method"],
                intensity=data["intensity"],
            )
            return self.render(form, result=result, checked=True)
        booking_request = booking.BookingRequest(
            client=self.client,
            treatment=data["treatment"],
            practitioner=data["practitioner"],
            start=form.start,
            method=data["method"],
            intensity=data["intensity"],
            notes=data["notes"],
        )
        try:
            appointment = booking.appointment_book(
                request=booking_request, by=request.user, override_reason=form.reason
            )
        except booking.BookingRefused as refusal:
            return self.render(form, result=refusal.result, refused=True)
        except booking.SlotUnavailable as error:
            form_errors_from(form, error)
            return self.render(form, result=error.result, checked=True)
        messages.success(request, status_message(appointment))
        return redirect(appointment)

    def render(self, form, **context):
        treatment = (
            form.cleaned_data.get("treatment") if form.is_bound and hasattr(form, "cleaned_data") else None
        )
        if treatment:
            context["consent_state"] = consent_states([(self.client.pk, treatment.pk)]).get(
                (self.client.pk, treatment.pk)
            )
        return render(
            self.request,
            self.template_name,
            {
                "client": self.client,
                "form": form,
                "may_override": self.request.user.has_perm(booking.OVERRIDE_PERMISSION),
                **context,
            },
        )


def status_message(appointment: Appointment) -> str:
    """What booking did, in a sentence for the message bar."""
    if appointment.status == AppointmentStatus.PENDING_REVIEW:
        return _(
            "Booked, pending review: a practitioner must acknowledge each caution before it is confirmed."
        )
    if appointment.override_reason:
        return _("Booked despite a contraindication; the override and its reason are recorded.")
    return _("Booked and confirmed.")


class AppointmentDetailView(StaffView, DetailView):
    """An appointment: its findings with their acknowledgements, history and actions."""

    permission_required = "intake.view_appointment"
    template_name = "intake/appointment_detail.html"
    context_object_name = "appointment"

    def get_queryset(self):
        return Appointment.objects.select_related(
            "client",
            "treatment",
            "site",
            "method",
            "intensity",
            "practitioner__user",
            "overridden_by",
            "created_by",
            "screened_intake",
        ).prefetch_related(
            Prefetch(
                "findings", AppointmentFinding.objects.select_related("acknowledged_by").order_by("code")
            ),
            "events__by",
        )

    def get_context_data(self, **kwargs):
        appointment = self.object
        audit_view(self.request, appointment.client)
        findings = sorted(appointment.findings.all(), key=lambda row: (-Level.from_slug(row.level), row.code))
        intensities = {intensity.code: intensity for intensity in Intensity.objects.all()}
        caps = [intensities[row.max_intensity] for row in findings if row.max_intensity in intensities]
        cap = min(caps, key=lambda intensity: intensity.rank, default=None)
        return super().get_context_data(
            findings=findings,
            cap=cap,
            above_cap=bool(cap and appointment.intensity and appointment.intensity.rank > cap.rank),
            upcoming=appointment.status in AppointmentStatus.upcoming(),
            is_today=appointment.date == timezone.localdate(),
            acknowledge_form=AcknowledgeForm(),
            move_form=MoveForm(
                initial={"date": appointment.date, "time": timezone.localtime(appointment.start).time()}
            ),
            check_in_form=CheckInForm(),
            cancel_form=CancelForm(),
            **kwargs,
        )


class AppointmentActionView(StaffView, View):
    """A POST-only action on one appointment; the subclass says which service to call."""

    http_method_names = ["post"]

    @cached_property
    def appointment(self) -> Appointment:
        """The appointment acted on (404 when there is none)."""
        return get_object_or_404(
            Appointment.objects.select_related("client", "treatment__site"), pk=self.kwargs["pk"]
        )

    def post(self, request, pk, **kwargs):
        try:
            text = self.act(request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, text)
        return redirect(self.appointment)


class AcknowledgeView(AppointmentActionView):
    """Acknowledge one caution."""

    permission_required = "intake.acknowledge_caution"

    def act(self, request) -> str:
        finding = get_object_or_404(self.appointment.findings, pk=self.kwargs["finding"])
        form = AcknowledgeForm(request.POST)
        form.is_valid()
        appointment = booking.appointment_acknowledge(
            finding=finding, by=request.user, note=form.cleaned_data.get("note", "")
        )
        if appointment.status == AppointmentStatus.BOOKED:
            return _("Caution acknowledged. Every caution is acknowledged: the appointment is confirmed.")
        return _("Caution acknowledged.")


class SetIntensityView(AppointmentActionView):
    """Lower the intensity to a caution's cap, in one click."""

    permission_required = "intake.change_appointment"

    def act(self, request) -> str:
        intensity = get_object_or_404(Intensity, code=request.POST.get("intensity", ""))
        booking.appointment_set_intensity(appointment=self.appointment, intensity=intensity, by=request.user)
        return _("Intensity set to %(intensity)s and screened again.") % {"intensity": intensity}


class MoveView(AppointmentActionView):
    """Move the appointment to a new time."""

    permission_required = "intake.change_appointment"

    def act(self, request) -> str:
        form = MoveForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Enter a valid date and time."))
        booking.appointment_move(appointment=self.appointment, start=form.start, by=request.user)
        return _("Moved and screened again.")


class CancelView(AppointmentActionView):
    """Cancel the appointment (it stays in the history)."""

    permission_required = "intake.change_appointment"

    def act(self, request) -> str:
        form = CancelForm(request.POST)
        form.is_valid()
        booking.appointment_cancel(
            appointment=self.appointment, by=request.user, reason=form.cleaned_data.get("reason", "")
        )
        return _("Cancelled.")


class CheckInView(AppointmentActionView):
    """Check the client in on the day; a new contraindication stops the treatment."""

    permission_required = "intake.acknowledge_caution"

    def act(self, request) -> str:
        form = CheckInForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Confirm that nothing changed, or update the intake first."))
        appointment = booking.appointment_check_in(
            appointment=self.appointment, by=request.user, no_change=True
        )
        if appointment.status == AppointmentStatus.BLOCKED:
            raise ValidationError(_("Treatment stopped: screening found a contraindication today."))
        return _("Checked in. Screening found nothing new.")


class FinishView(AppointmentActionView):
    """Mark a checked-in appointment as treated, or a missed one as a no-show."""

    permission_required = "intake.change_appointment"

    def act(self, request) -> str:
        status = request.POST.get("status", "")
        booking.appointment_finish(appointment=self.appointment, by=request.user, status=status)
        return _("Marked as %(status)s.") % {"status": self.appointment.get_status_display()}


class ScheduleView(StaffView, TemplateView):
    """The day or week view, for one practitioner or the whole clinic, with status and worst finding."""

    permission_required = "intake.view_appointment"
    template_name = "intake/schedule.html"

    def get_context_data(self, **kwargs):
        params = self.request.GET
        try:
            day = datetime.date.fromisoformat(params.get("date", ""))
        except ValueError:
            day = timezone.localdate()
        week = params.get("view") == "week"
        first = day - datetime.timedelta(days=day.weekday()) if week else day
        days = [first + datetime.timedelta(days=n) for n in range(7 if week else 1)]
        chosen = (
            Practitioner.objects.filter(active=True, pk=params["practitioner"]).select_related("user").first()
            if params.get("practitioner", "").isdigit()
            else None
        )
        schedule = schedule_read(days[0], days[-1], chosen)
        by_day = {d: [] for d in days}
        for row in schedule.rows:
            by_day[row.day].append(row)
        step = datetime.timedelta(days=7 if week else 1)
        return super().get_context_data(
            days=by_day.items(),
            week=week,
            day=day,
            previous=day - step,
            next=day + step,
            practitioners=schedule.practitioners,
            chosen=chosen,
            chosen_value=str(chosen.pk) if chosen else "",
            **kwargs,
        )


class AftercareView(StaffView, DetailView):
    """A printable aftercare sheet with the appointment's advice."""

    permission_required = "intake.view_appointment"
    template_name = "intake/aftercare.html"
    context_object_name = "appointment"

    def get_queryset(self):
        return Appointment.objects.select_related("client", "treatment", "practitioner__user")

    def get_context_data(self, **kwargs):
        audit_view(self.request, self.object.client)
        advice = self.object.findings.filter(level=Level.ADVICE.slug).order_by("code")
        return super().get_context_data(advice=advice, **kwargs)


class NoticeListView(StaffView, ListView):
    """The signed-in user's notices, newest first; opening the page marks them read."""

    permission_required = "intake.view_appointment"
    template_name = "intake/notices.html"
    paginate_by = 25

    def get_queryset(self):
        return Notice.objects.filter(user=self.request.user)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.render()
        self.get_queryset().filter(read_at__isnull=True).update(read_at=timezone.now())
        return response
