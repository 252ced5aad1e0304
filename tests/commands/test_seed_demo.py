"""seed_demo: the small demo as before, and synthetic clients at scale that screening agrees with."""

import datetime
import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db.models import Min
from django.utils import timezone

from intake.audit import audit_verify
from intake.documents import validate_document
from intake.models import (
    Appointment,
    AppointmentStatus,
    AuditEntry,
    BookingAttempt,
    Client,
    ConsentSignature,
    Flag,
    Intake,
)
from intake.selectors import consent_states
from intake.services.screening import rescreen_all
from intake.synthetic import SEED_USERNAME, Planner

pytestmark = pytest.mark.django_db

HOURS = {day: list(range(9, 18)) for day in range(5)} | {5: list(range(9, 14))}


def seed(**options) -> str:
    """Run seed_demo quietly; what it printed."""
    out = io.StringIO()
    call_command("seed_demo", stdout=out, verbosity=0, **options)
    return out.getvalue()


def table_counts() -> list[int]:
    """How many rows the tables the seed writes hold."""
    return [model.objects.count() for model in (User, Client, Intake, Appointment, Flag, AuditEntry)]


def test_without_clients_it_is_the_small_demo_and_a_second_run_changes_nothing():
    seed()
    counts = table_counts()
    seed()
    assert table_counts() == counts
    assert Client.objects.count() == 12
    assert not User.objects.filter(username=SEED_USERNAME).exists()


def test_synthetic_clients_with_histories_that_rescreen_agrees_with():
    printed = seed(clients=80)

    synthetic = Client.objects.filter(created_by__username=SEED_USERNAME)
    assert synthetic.count() == 80
    assert "Added 80 synthetic clients" in printed
    assert Intake.objects.filter(client__in=synthetic).count() > 80
    appointments = Appointment.objects.filter(client__in=synthetic)
    statuses = set(appointments.values_list("status", flat=True))
    assert {AppointmentStatus.FULFILLED, AppointmentStatus.CANCELLED} <= statuses
    assert Flag.objects.filter(client__in=synthetic, status="open").exists()
    assert BookingAttempt.objects.filter(client__in=synthetic).exists()
    statuses = dict(appointments.values_list("pk", "status"))

    summary = rescreen_all(by=None)

    assert (summary.opened, summary.resolved) == (0, 0)
    assert dict(appointments.values_list("pk", "status")) == statuses


def test_every_synthetic_row_has_its_history_and_audit_entry():
    seed(clients=30)
    synthetic = Client.objects.filter(created_by__username=SEED_USERNAME)
    client_ids = set(synthetic.values_list("pk", flat=True))
    assert Client.history.filter(id__in=client_ids).count() == 30
    audited = AuditEntry.objects.filter(model="intake.client", client_id__in=client_ids)
    assert set(audited.values_list("client_id", flat=True)) == client_ids
    flags = Flag.objects.filter(client__in=synthetic)
    assert AuditEntry.objects.filter(model="intake.flag", client_id__in=client_ids).count() == flags.count()
    assert list(audit_verify()) == []
    # History is dated when the simulated event happened, not when the seed ran.
    first = Intake.objects.filter(client__in=synthetic).order_by("created_at").first()
    assert first.history.get().history_date == first.created_at < timezone.now() - datetime.timedelta(days=30)


def test_synthetic_clients_signed_consent_at_their_first_session_of_a_treatment():
    printed = seed(clients=80)

    appointments = Appointment.objects.filter(
        client__created_by__username=SEED_USERNAME, treatment__consent_texts__isnull=False
    )
    fulfilled = appointments.filter(status=AppointmentStatus.FULFILLED)
    first_sessions = {
        (row["client_id"], row["treatment_id"]): row["first"]
        for row in fulfilled.values("client_id", "treatment_id").annotate(first=Min("start"))
    }
    assert first_sessions
    assert set(consent_states(first_sessions).values()) == {"signed"}
    consents = ConsentSignature.objects.filter(client__created_by__username=SEED_USERNAME)
    assert {(c.client_id, c.consent_text.treatment_id): c.signed_at.date() for c in consents} == {
        pair: timezone.localtime(first).date() for pair, first in first_sessions.items()
    }
    assert all(consent.history.get().history_date == consent.signed_at for consent in consents)
    assert f"{consents.count()} signed consents" in printed
    # Coming for a treatment for the first time: nothing signed for it yet.
    upcoming = appointments.filter(status__in=AppointmentStatus.upcoming())
    upcoming = set(upcoming.values_list("client_id", "treatment_id"))
    assert consent_states(upcoming) == {
        pair: "signed" if pair in first_sessions else "missing" for pair in upcoming
    }


def test_seeding_again_adds_nothing():
    seed(clients=10)
    counts = table_counts()
    assert "seeded before" in seed(clients=10)
    assert table_counts() == counts


def test_the_same_seed_and_day_plan_the_same_clients():
    today = datetime.date(2026, 11, 20)

    def plans(seed: int) -> list:
        planner = Planner(seed=seed, today=today, hours=HOURS, practitioners=3)
        return [planner.client() for _ in range(40)]

    assert plans(1) == plans(1)
    assert plans(1) != plans(2)


def test_planned_intake_documents_meet_the_contract():
    planner = Planner(seed=5, today=timezone.localdate(), hours=HOURS, practitioners=3)
    documents = [document for _ in range(150) for _at, _source, document in planner.client().intakes]
    assert len(documents) > 150
    for document in documents:
        validate_document(document)


def test_no_client_or_practitioner_is_booked_twice_at_once():
    # Three slots a day: the diary is often full, and appointments move to later days.
    hours = {day: [9, 10, 11] for day in range(6)}
    planner = Planner(seed=3, today=datetime.date(2026, 11, 20), hours=hours, practitioners=1)
    plans = [planner.client() for _ in range(1500)]
    days = [[timezone.localtime(a.start).date() for a in plan.appointments] for plan in plans]
    assert all(len(set(booked)) == len(booked) for booked in days)
    slots = [(a.start, a.practitioner) for plan in plans for a in plan.appointments]
    assert len(set(slots)) == len(slots) > 1000
