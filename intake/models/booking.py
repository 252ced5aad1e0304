"""Booking: practitioners, opening hours, appointments and what screening said about them."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..rules.findings import Level
from .catalogue import BodySite, Intensity, Method, Treatment
from .client import Client
from .history import HistoricalRecords
from .intake import Intake

__all__ = [
    "Appointment",
    "AppointmentEvent",
    "AppointmentFinding",
    "AppointmentStatus",
    "BookingAttempt",
    "Notice",
    "OpeningHours",
    "OverrideReason",
    "Practitioner",
    "Weekday",
    "WorkingDay",
]


# Rules whose finding means "a new intake is required" (rule codes never change meaning).
INTAKE_REQUIRED_CODES = {"INTAKE-MISSING", "INTAKE-EXPIRED"}


class Weekday(models.IntegerChoices):
    """Days of the week as Python's date.weekday() numbers them."""

    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningHours(models.Model):
    """When the clinic is open on one day of the week (a day without a row is closed)."""

    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices, unique=True)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["weekday"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(condition=Q(opens__lt=models.F("closes")), name="opening_hours_order")
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Practitioner(models.Model):
    """A staff member who gives treatments, with the treatments they are qualified for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="practitioner"
    )
    treatments = models.ManyToManyField(
        Treatment, blank=True, related_name="practitioners", verbose_name=_("qualified for")
    )
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords(m2m_fields=[treatments])

    class Meta:
        ordering = ["user__first_name", "user__last_name"]
        verbose_name = _("practitioner")

    def __str__(self) -> str:
        return self.name_from(self.user.first_name, self.user.last_name, self.user.get_username())

    # What `name_from` takes, as a practitioner's columns to read as values.
    NAME_COLUMNS = ("user__first_name", "user__last_name", "user__username")

    @staticmethod
    def name_from(first_name: str, last_name: str, username: str) -> str:
        """The user's full name, else their username; also for a practitioner read as values."""
        return f"{first_name} {last_name}".strip() or username


class WorkingDay(models.Model):
    """A day of the week a practitioner works."""

    practitioner = models.ForeignKey(Practitioner, on_delete=models.CASCADE, related_name="working_days")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["weekday"]
        verbose_name = _("working day")
        constraints = [
            models.UniqueConstraint(fields=["practitioner", "weekday"], name="working_day_unique"),
        ]

    def __str__(self) -> str:
        return self.get_weekday_display()


class OverrideReason(models.Model):
    """A reason for booking despite a contraindication, offered in a list (CDS Hooks style)."""

    text = models.CharField(_("reason"), max_length=200, unique=True)
    active = models.BooleanField(_("offered"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["text"]
        verbose_name = _("override reason")

    def __str__(self) -> str:
        return self.text


class AppointmentStatus(models.TextChoices):
    """Appointment status, after FHIR Appointment.status, plus the screening hold states."""

    PENDING_REVIEW = "pending", _("Pending review")
    BLOCKED = "blocked", _("Blocked")
    BOOKED = "booked", _("Confirmed")
    ARRIVED = "arrived", _("Checked in")
    FULFILLED = "fulfilled", _("Fulfilled")
    CANCELLED = "cancelled", _("Cancelled")
    NOSHOW = "noshow", _("No-show")

    @classmethod
    def holding_time(cls) -> list[str]:
        """Statuses that occupy the practitioner's and the client's time."""
        return [cls.PENDING_REVIEW, cls.BLOCKED, cls.BOOKED, cls.ARRIVED, cls.FULFILLED]

    @classmethod
    def upcoming(cls) -> list[str]:
        """Statuses of an appointment that is still to happen, so screening still matters."""
        return [cls.PENDING_REVIEW, cls.BLOCKED, cls.BOOKED, cls.ARRIVED]


def severity(level_field: str) -> Case:
    """A level as a number, most severe highest, for sorting (the review queue; its index)."""
    return Case(
        *(When(**{level_field: level.slug}, then=Value(int(level))) for level in Level),
        default=Value(0),
        output_field=IntegerField(),
    )


class Appointment(models.Model):
    """A treatment (or consultation) booked for a client with a practitioner at a time."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="appointments")
    treatment = models.ForeignKey(
        Treatment, on_delete=models.PROTECT, related_name="+", verbose_name=_("treatment")
    )
    site = models.ForeignKey(BodySite, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    method = models.ForeignKey(
        Method, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("method")
    )
    intensity = models.ForeignKey(
        Intensity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("intensity"),
    )
    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("practitioner")
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    status = models.CharField(_("status"), max_length=10, choices=AppointmentStatus.choices)
    worst_level = models.CharField(_("worst finding"), max_length=16, choices=Level.choices(), blank=True)
    # Kept with the worst finding, so the schedule reads it with the row: whether screening refused
    # the appointment for want of a current intake (a finding in INTAKE_REQUIRED_CODES). The
    # database's default lets servers still running the code before it book while others upgrade.
    needs_intake = models.BooleanField(_("needs an intake"), default=False, db_default=False)
    screened_intake = models.ForeignKey(
        Intake,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("screened against intake"),
    )
    screened_at = models.DateTimeField(_("screened"), null=True, blank=True)
    override_reason = models.TextField(_("override reason"), blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("overridden by"),
    )
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("booked by"),
    )
    created_at = models.DateTimeField(_("booked"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["start"]
        verbose_name = _("appointment")
        permissions = [
            ("override_contraindication", _("Can book despite a contraindication, with a reason")),
            ("acknowledge_caution", _("Can acknowledge a caution on an appointment")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=models.F("end")), name="appointment_start_before_end"
            ),
            models.CheckConstraint(
                condition=Q(status__in=AppointmentStatus.values), name="appointment_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["practitioner", "start"], name="appointment_practitioner_idx"),
            models.Index(fields=["client", "start"], name="appointment_client_idx"),
            models.Index(fields=["status", "start"], name="appointment_status_idx"),
            # The review queue's first part, held appointments soonest and most severe first, in
            # the part's own order: any page of it is read from this small index alone (an index-only
            # scan of the rows up to the page's end, whatever a filter the queue offers), instead of
            # sorting every held appointment for each page after the first.
            models.Index(
                F("start"),
                severity("worst_level").desc(),
                F("id"),
                include=["worst_level", "status", "treatment", "practitioner"],
                condition=Q(status__in=[AppointmentStatus.PENDING_REVIEW, AppointmentStatus.BLOCKED]),
                name="appointment_held_order_idx",
            ),
            # A client's next appointments for a treatment (review queue, re-screening): only the
            # upcoming rows, so small; PostgreSQL also prefers it to the overlap constraint's GiST
            # index, which is slow to probe by client alone.
            models.Index(
                fields=["client", "treatment", "start"],
                condition=Q(status__in=AppointmentStatus.upcoming()),
                name="appointment_upcoming_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.treatment} — {self.client}, {self.start:%d %b %Y %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("intake:appointment_detail", args=[self.pk])

    @property
    def date(self) -> datetime.date:
        """The appointment's local calendar date, from which screening windows count back."""
        return timezone.localtime(self.start).date()


class AppointmentFinding(models.Model):
    """A finding screening reported for an appointment; a caution waits for acknowledgement."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="findings")
    code = models.CharField(_("rule"), max_length=40)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices())
    message = models.CharField(_("message"), max_length=300)
    hint = models.CharField(_("hint"), max_length=400, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    max_intensity = models.CharField(_("intensity cap"), max_length=50, blank=True)
    overridden = models.BooleanField(_("overridden"), default=False)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acknowledged by"),
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledgement_note = models.TextField(_("note"), blank=True, max_length=2000)

    history = HistoricalRecords()

    class Meta:
        ordering = ["appointment", "code"]
        verbose_name = _("appointment finding")
        constraints = [
            models.UniqueConstraint(fields=["appointment", "code"], name="appointment_finding_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.level})"


class AppointmentEvent(models.Model):
    """Something that happened to an appointment: booked, screened, moved, acknowledged, checked in ..."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=40)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        ordering = ["appointment", "at", "id"]
        verbose_name = _("appointment event")

    def __str__(self) -> str:
        return f"{self.at:%d %b %Y %H:%M} {self.action}"


class BookingAttempt(models.Model):
    """A booking screening refused, kept with its findings (and the override if one followed)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="booking_attempts")
    treatment = models.ForeignKey(Treatment, on_delete=models.PROTECT, related_name="+")
    start = models.DateTimeField(_("requested start"))
    findings = models.JSONField(_("findings"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    overridden = models.BooleanField(_("overridden"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-at"]
        verbose_name = _("refused booking")

    def __str__(self) -> str:
        return f"{self.treatment} for {self.client} refused {self.at:%d %b %Y %H:%M}"


class Notice(models.Model):
    """An in-app notice for one user, e.g. that an upcoming appointment was blocked."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    text = models.CharField(_("text"), max_length=300)
    url = models.CharField(_("link"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notice")

    def __str__(self) -> str:
        return self.text
