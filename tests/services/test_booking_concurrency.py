"""No double-booking under a real race, and the database's own guarantee, on PostgreSQL."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction

from intake.models import Appointment, AppointmentStatus, Treatment
from intake.services import booking
from intake.services.intakes import intake_submit
from tests.factories import ClientFactory, document

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL guarantees")

THREADS = 8


def fresh_client(by):
    from django.utils import timezone

    client = ClientFactory()
    intake_submit(
        client=client, document=document(client, intake_date=timezone.localdate().isoformat()), by=by
    )
    return client


@pytest.mark.django_db(transaction=True)
def test_many_threads_booking_one_slot_exactly_one_wins(reference_data, front_desk, practitioner, at):
    clients = [fresh_client(front_desk) for _ in range(THREADS)]
    face = Treatment.objects.get(code="microdermabrasion-face")
    barrier = threading.Barrier(THREADS, timeout=30)
    outcomes = []

    def book(client):
        try:
            barrier.wait()
            request = booking.BookingRequest(
                client=client, treatment=face, practitioner=practitioner, start=at(10)
            )
            booking.appointment_book(request=request, by=front_desk)
            outcomes.append("booked")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        except Exception as error:  # noqa: BLE001 - any other error is the failure this test looks for
            outcomes.append(f"server error: {error!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a booking thread stalled"
    assert outcomes.count("booked") == 1
    assert all(
        "already has an appointment" in text or "just booked" in text for text in outcomes if text != "booked"
    )
    assert Appointment.objects.count() == 1


@pytest.mark.django_db
def test_database_refuses_overlap_even_past_the_application(front_desk, practitioner, at):
    first, second = fresh_client(front_desk), fresh_client(front_desk)
    face = Treatment.objects.get(code="microdermabrasion-face")
    fields = {
        "treatment": face,
        "site": face.site,
        "practitioner": practitioner,
        "status": AppointmentStatus.BOOKED,
    }
    Appointment.objects.create(client=first, start=at(10), end=at(11), **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(client=second, start=at(10, 30), end=at(11, 30), **fields)
    # A cancelled appointment frees its slot; back-to-back appointments do not overlap.
    Appointment.objects.create(client=second, start=at(11), end=at(12), **fields)
    Appointment.objects.filter(client=first).update(status=AppointmentStatus.CANCELLED)
    Appointment.objects.create(
        client=second, start=at(9, 30), end=at(10, 30), **{**fields, "status": "pending"}
    )
