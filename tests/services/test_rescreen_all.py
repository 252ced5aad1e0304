"""rescreen_all: clients screened a batch at a time, with the results of refreshing them one by one."""

import datetime
from collections import Counter

import pytest
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from intake.models import Appointment, AppointmentStatus, AuditEntry, Flag, Rule
from intake.services import screening
from intake.services.booking import client_appointments_rescreen
from intake.services.intakes import intake_submit
from intake.services.rules import rule_save
from intake.services.screening import (
    RescreenSummary,
    clients_to_rescreen,
    flag_updates,
    flags_refresh,
    rescreen_all,
)
from tests.factories import ClientFactory, appointment_stored, document

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 12, 1)
FLARE = {"conditions": [{"code": "eczema", "status": "active", "sites": ["face"]}]}


def with_intake(**sections):
    """A client whose current intake holds the given sections (flagged as saving it does)."""
    client = ClientFactory()
    intake_submit(client=client, document=document(client, **sections), by=None)
    return client


def appointment_add(client, practitioner, code: str, start: datetime.datetime, status: str) -> Appointment:
    """An appointment of the client stored as it is, without screening."""
    return appointment_stored(client, practitioner, start, treatment=code, status=status)


@pytest.fixture
def clients(db, practitioner):
    """Clients with different intakes whose flags are then left behind: one never flagged, one
    since consulted, one whose flag cites old evidence, one with sensitive skin (whose rule is
    then made stricter) and one with nothing new."""
    never_flagged, consulted = with_intake(**FLARE), with_intake()
    reworded, sensitive = with_intake(skin={"sensitive": True}), with_intake(skin={"sensitive": True})
    unchanged = with_intake(scalp={"dandruff": True})
    never_flagged.flags.all().delete()
    consultation = timezone.make_aware(datetime.datetime(2026, 11, 21, 10))
    appointment_add(consulted, practitioner, "consultation-scalp", consultation, AppointmentStatus.FULFILLED)
    reworded.flags.filter(rule__code="SENSITIVE-SKIN").update(evidence="sensitive skin, 12 days ago")
    rule = Rule.objects.get(code="SENSITIVE-SKIN")
    rule.level = "contraindicated"
    rule_save(rule=rule)
    return [never_flagged, consulted, reworded, sensitive, unchanged]


@pytest.fixture
def booked(clients, practitioner, at):
    """A client with no intake but an upcoming appointment."""
    client = ClientFactory()
    appointment_add(client, practitioner, "microdermabrasion-face", at(10), AppointmentStatus.BOOKED)
    return client


def one_by_one(by) -> RescreenSummary:
    """Re-screen every client the way it was done before batches: each refreshed on its own."""
    clients = list(clients_to_rescreen())
    opened = resolved = appointments = 0
    for client in clients:
        changes = flags_refresh(client=client, by=by, on=DAY)
        opened, resolved = opened + changes.opened, resolved + changes.resolved
        appointments += client_appointments_rescreen(client=client, by=by)
    return RescreenSummary(len(clients), opened, resolved, appointments)


def outcome(run) -> tuple:
    """What `run` returns and leaves (every flag, every appointment, the audit entries it adds by
    record kind and client), undone afterwards so another run starts from the same data."""
    last = AuditEntry.objects.aggregate(last=Max("seq"))["last"]
    with transaction.atomic():
        summary = run()
        flags = sorted(
            Flag.objects.values_list(
                "client",
                "intake",
                "treatment",
                "rule__code",
                "level",
                "evidence",
                "status",
                "status_changed_by",
            )
        )
        appointments = sorted(Appointment.objects.values_list("client", "pk", "status", "worst_level"))
        entries = Counter(
            AuditEntry.objects.filter(seq__gt=last).values_list("model", "action", "client_id", "username")
        )
        transaction.set_rollback(True)
    return summary, flags, appointments, entries


def test_batches_give_the_flags_and_trail_of_refreshing_clients_one_by_one(clients, booked, clinic_admin):
    batched = outcome(lambda: rescreen_all(by=clinic_admin, on=DAY, batch_size=2))
    reference = outcome(lambda: one_by_one(clinic_admin))

    assert batched == reference
    summary, _flags, appointments, entries = batched
    assert (summary.clients, summary.appointments) == (6, 1)
    assert summary.opened > 0 and summary.resolved > 0
    assert [status for client, _, status, _ in appointments if client == booked.pk] == ["blocked"]
    assert {username for *_, username in entries} == {"clinicadmin"}


def test_each_change_is_the_one_expected(clients):
    never_flagged, consulted, reworded, sensitive, unchanged = clients
    before = {client.pk: set(client.flags.values_list("pk", flat=True)) for client in clients}

    rescreen_all(by=None, on=DAY, batch_size=2)

    def flagged(client, status="open"):
        return set(client.flags.filter(status=status).values_list("treatment__code", "rule__code", "level"))

    assert ("microdermabrasion-face", "ECZ-ACTIVE", "contraindicated") in flagged(never_flagged)
    assert ("microdermabrasion-scalp", "CONSULT-FIRST", "caution") in flagged(consulted, "resolved")
    assert not {code for _, code, _ in flagged(consulted)} & {"CONSULT-FIRST"}
    assert ("microdermabrasion-face", "SENSITIVE-SKIN", "caution") in flagged(reworded, "resolved")
    assert ("microdermabrasion-face", "SENSITIVE-SKIN", "contraindicated") in flagged(reworded)
    assert ("microdermabrasion-face", "SENSITIVE-SKIN", "contraindicated") in flagged(sensitive)
    assert set(unchanged.flags.values_list("pk", flat=True)) == before[unchanged.pk]
    assert not unchanged.flags.filter(status="resolved").exists()


def test_an_intake_saved_while_its_batch_is_screened_is_not_overwritten(clients, monkeypatch):
    never_flagged = clients[0]

    def then_a_new_intake(batch, *, on):
        """Screen the batch, then save a new intake (without the flare-up) before the batch is written."""
        monkeypatch.undo()
        updates = flag_updates(batch, on=on)
        intake_submit(client=never_flagged, document=document(never_flagged), by=None)
        return updates

    monkeypatch.setattr(screening, "flag_updates", then_a_new_intake)

    rescreen_all(by=None, on=DAY)

    unresolved = never_flagged.flags.exclude(status="resolved")
    assert set(unresolved.values_list("intake__version", flat=True)) == {2}
    assert not never_flagged.flags.filter(rule__code="ECZ-ACTIVE").exists()


def test_a_second_run_writes_nothing(clients, booked):
    rescreen_all(by=None, on=DAY, batch_size=2)
    flags = list(Flag.objects.order_by("pk").values_list("pk", "status", "evidence"))
    entries, history = AuditEntry.objects.count(), Flag.history.count()

    summary = rescreen_all(by=None, on=DAY, batch_size=2)

    assert summary == RescreenSummary(clients=6, opened=0, resolved=0, appointments=1)
    assert list(Flag.objects.order_by("pk").values_list("pk", "status", "evidence")) == flags
    assert (AuditEntry.objects.count(), Flag.history.count()) == (entries, history)


def test_only_the_client_whose_findings_changed_is_written(clients, practitioner):
    *_others, unchanged = clients
    rescreen_all(by=None, on=DAY)
    session = timezone.make_aware(datetime.datetime(2026, 11, 25, 10))
    appointment_add(unchanged, practitioner, "microdermabrasion-face", session, AppointmentStatus.FULFILLED)
    last = AuditEntry.objects.aggregate(last=Max("seq"))["last"]

    summary = rescreen_all(by=None, on=DAY)

    entries = AuditEntry.objects.filter(seq__gt=last).values_list(
        "client_id", "model", "action", "object_repr"
    )
    assert list(entries) == [(unchanged.pk, "intake.flag", "create", f"FREQUENCY (caution) — {unchanged}")]
    assert (summary.opened, summary.resolved) == (1, 0)


def test_a_batch_costs_a_fixed_number_of_queries_when_nothing_changes(django_assert_max_num_queries):
    history = {
        "skin": {"sensitive": True},
        "conditions": [{"code": "eczema", "status": "inactive", "sites": ["hands"]}],
        "procedures": [{"code": "laser", "date": "2026-09-01", "sites": ["face"]}],
        "medications": [{"code": "isotretinoin", "current": False, "last_taken": "2026-01-01"}],
        "answers": {"sunburn_sites": ["back"], "broken_skin_sites": ["hands"]},
        "previous_sessions": [{"treatment": "microdermabrasion-face", "date": "2026-10-01"}],
    }
    for _ in range(2):
        with_intake(**history)
    rescreen_all(by=None, on=DAY)
    with django_assert_max_num_queries(14) as few:
        rescreen_all(by=None, on=DAY)
    for _ in range(10):
        with_intake(**history)
    rescreen_all(by=None, on=DAY)

    with django_assert_max_num_queries(14) as many:
        summary = rescreen_all(by=None, on=DAY)

    assert summary == RescreenSummary(clients=12, opened=0, resolved=0, appointments=0)
    assert len(many) == len(few)
