"""`manage.py rescreen`: flags and upcoming appointments screened again after a rule change; idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from intake.models import AppointmentStatus, Flag, FlagStatus, Intensity, Rule, Treatment
from intake.services.booking import BookingRequest, appointment_book
from intake.services.intakes import intake_submit
from intake.services.rules import rule_save
from tests.factories import ClientFactory, document

pytestmark = pytest.mark.django_db


def rescreen() -> str:
    """Run the command for 1 Dec 2026 and return what it printed."""
    out, err = StringIO(), StringIO()
    call_command("rescreen", "--date", "2026-12-01", stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


@pytest.fixture
def clients(db):
    """Two clients with an intake (one sensitive, one not) and one without."""
    sensitive, plain = ClientFactory(), ClientFactory()
    intake_submit(client=sensitive, document=document(sensitive, skin={"sensitive": True}), by=None)
    intake_submit(client=plain, document=document(plain), by=None)
    ClientFactory()
    return sensitive, plain


def test_it_screens_every_client_with_an_intake_and_shows_progress(clients, capsys):
    Flag.objects.all().delete()

    printed = rescreen()

    assert "Re-screened 2 clients" in printed
    assert "2/2" in capsys.readouterr().err  # tqdm's progress bar
    assert set(Flag.objects.values_list("client", flat=True)) == {client.pk for client in clients}


def test_it_is_idempotent(clients):
    rescreen()
    flags = list(Flag.objects.order_by("pk").values_list("pk", "status"))

    assert "0 flags opened, 0 resolved" in rescreen()
    assert list(Flag.objects.order_by("pk").values_list("pk", "status")) == flags


def test_after_a_rule_change_flags_follow_the_rules(clients):
    sensitive, plain = clients
    rescreen()
    rule = Rule.objects.get(code="SENSITIVE-SKIN")
    rule.level = "contraindicated"
    rule_save(rule=rule)

    rescreen()

    open_levels = set(
        sensitive.flags.filter(rule=rule).exclude(status=FlagStatus.RESOLVED).values_list("level", flat=True)
    )
    assert open_levels == {"contraindicated"}
    assert not plain.flags.filter(rule=rule).exists()


def test_upcoming_appointments_are_screened_again_after_a_rule_change(front_desk, practitioner, at):
    client = ClientFactory()
    today = timezone.localdate().isoformat()
    intake_submit(
        client=client, document=document(client, intake_date=today, skin={"sensitive": True}), by=None
    )
    appointment = appointment_book(
        request=BookingRequest(
            client=client,
            treatment=Treatment.objects.get(code="microdermabrasion-face"),
            practitioner=practitioner,
            start=at(10),
            intensity=Intensity.objects.get(code="gentle"),
        ),
        by=front_desk,
    )
    assert appointment.status == AppointmentStatus.PENDING_REVIEW
    rule = Rule.objects.get(code="SENSITIVE-SKIN")
    rule.level = "contraindicated"
    rule_save(rule=rule)

    printed = rescreen()

    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.BLOCKED
    assert "1 upcoming appointments screened again" in printed
