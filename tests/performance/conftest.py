"""A clinic of a given size for the query budgets: synthetic clients (seed_demo's generator) and a
busy day booked through the booking service, so every list a page shows grows with the size."""

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count
from django.utils import timezone

from intake.models import (
    Appointment,
    Clearance,
    Client,
    IntakeRequest,
    Notice,
    ReviewAction,
    ReviewActionKind,
    Treatment,
)
from intake.rules.loader import screening_context
from intake.services.booking import BookingRefused, BookingRequest, appointment_book
from intake.synthetic import seed_synthetic

# Clients seeded, appointments booked on the busy day, and rows added to one client's record.
SIZES = {"small": (3, 1, 1), "large": (60, 8, 6)}


@dataclass(frozen=True)
class Clinic:
    """What a query-budget test looks at: the busiest client and the busy day."""

    size: str
    client: Client
    day: datetime.date
    appointment: Appointment
    booked: int  # appointments booked on the busy day
    rows: int  # how many rows each added list has


def book_busy_day(day: datetime.date, count: int, practitioner, admin: AbstractBaseUser) -> list[Appointment]:
    """Book `count` appointments on `day`, one an hour from 9:00, for clients free all that day;
    a contraindicated booking is overridden, as a clinic admin may."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    busy = Appointment.objects.filter(start__gte=start, start__lt=start + datetime.timedelta(days=1))
    clients = Client.objects.exclude(pk__in=busy.values("client")).order_by("pk")[:count]
    treatment = Treatment.objects.get(code="microdermabrasion-face")
    booked = []
    for hour, client in enumerate(clients, 9):
        request = BookingRequest(
            client=client,
            treatment=treatment,
            practitioner=practitioner,
            start=timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour))),
        )
        try:
            booked.append(appointment_book(request=request, by=admin))
        except BookingRefused:
            booked.append(appointment_book(request=request, by=admin, override_reason="Cleared in writing"))
    return booked


def add_review_history(client: Client, rows: int, by: AbstractBaseUser, appointment: Appointment) -> None:
    """Intake requests, clearances, referrals and notices: the other lists a client's pages show."""
    today = timezone.localdate()
    IntakeRequest.objects.bulk_create([IntakeRequest(client=client, by=by, note=f"{n}") for n in range(rows)])
    Clearance.objects.bulk_create([Clearance(client=client, by=by, date=today) for _ in range(rows)])
    referral = {"client": client, "action": ReviewActionKind.REFER, "by": by}
    ReviewAction.objects.bulk_create(
        [ReviewAction(appointment=appointment, **referral) for _ in range(rows)]
        + [ReviewAction(flag=flag, **referral) for flag in client.flags.all()[:rows]]
    )
    Notice.objects.bulk_create([Notice(user=by, text=f"Notice {n}", url="/") for n in range(rows)])


@pytest.fixture(params=list(SIZES))
def clinic(request, practitioner, clinic_admin, booking_day) -> Clinic:
    """A clinic seeded at the size in the test's parameter ("small" or "large")."""
    clients, busy, rows = SIZES[request.param]
    seed_synthetic(clients=clients, seed=11, today=timezone.localdate())
    booked = book_busy_day(booking_day, busy, practitioner, clinic_admin)
    richest = (
        Client.objects.annotate(rows=Count("intakes", distinct=True) + Count("appointments", distinct=True))
        .order_by("-rows", "pk")
        .first()
    )
    add_review_history(richest, rows, practitioner.user, booked[0])
    screening_context()  # the rules are read once per process: read them before counting
    return Clinic(request.param, richest, booking_day, booked[0], len(booked), rows)
