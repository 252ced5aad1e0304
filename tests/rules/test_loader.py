"""The loader: a snapshot and the rule set in a fixed number of queries, the rules cached on the stamp."""

import datetime

import pytest
from django.utils import timezone

from intake.documents import intake_to_document
from intake.models import AppointmentStatus, Clearance, Intake, Rule
from intake.rules import loader
from intake.rules.loader import (
    RuleSetError,
    client_screenings,
    intake_load,
    intakes_load,
    screening_context,
    snapshot_of,
    snapshots_of,
)
from intake.selectors import current_intakes_of, intake_with_entries
from intake.services.intakes import intake_submit
from intake.services.rules import rule_save
from tests.factories import ClientFactory, appointment_stored

from .builders import FACE, SCALP

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)


def history(size: int) -> dict:
    """An intake document with `size` entries of every kind, dated before 20 Nov 2026."""
    day = lambda n: (datetime.date(2026, 11, 19) - datetime.timedelta(days=n)).isoformat()  # noqa: E731
    return {
        "intake_date": "2026-11-20",
        "client": {"date_of_birth": "1990-04-01"},
        "skin": {"sensitive": True},
        "conditions": [{"code": "eczema", "status": "inactive", "sites": ["face", "hands"]}] * size,
        "medications": [
            {"code": "isotretinoin", "current": False, "last_taken": day(n)} for n in range(size)
        ],
        "procedures": [{"code": "laser", "date": day(n), "sites": ["face", "neck"]} for n in range(size)],
        "answers": {"sunburn_sites": ["back"], "broken_skin_sites": ["hands"]},
        "previous_sessions": [{"treatment": FACE, "date": day(n)} for n in range(size)],
        "consultations": [{"treatment": SCALP, "date": day(n)} for n in range(size)],
    }


def client_with_history(size: int):
    """A client whose current intake has `size` entries of every kind."""
    client = ClientFactory(date_of_birth=datetime.date(1990, 4, 1))
    intake_submit(client=client, document=history(size), by=None)
    return client


def appointment_fulfilled(client, practitioner, code: str, hour: int) -> None:
    """A fulfilled appointment of the client for a treatment on 25 Nov 2026 at `hour`."""
    start = timezone.make_aware(datetime.datetime(2026, 11, 25, hour))
    appointment_stored(client, practitioner, start, treatment=code, status=AppointmentStatus.FULFILLED)


@pytest.mark.parametrize("size", [1, 40])
def test_loading_and_screening_a_client_takes_at_most_ten_queries_whatever_the_history(
    size, django_assert_max_num_queries
):
    client = client_with_history(size)
    screening_context()  # the rule set is cached from an earlier screening

    with django_assert_max_num_queries(10):
        screenings = client_screenings(client, on=TODAY)

    assert [treatment.code for treatment, _ in screenings] == [FACE, SCALP]
    assert "LASER-WINDOW" in {finding.code for finding in screenings[0][1].findings}


def test_the_query_count_does_not_grow_with_the_history(django_assert_num_queries):
    small, large = client_with_history(1), client_with_history(40)
    screening_context()
    counts = []
    for client in (small, large):
        with django_assert_num_queries(3) as captured:
            client_screenings(client, on=TODAY)
        counts.append(len(captured))

    assert counts[0] == counts[1]


def test_after_a_rule_change_the_first_screening_reads_the_rules_once_more(django_assert_num_queries):
    client = client_with_history(5)
    rule_save(rule=Rule.objects.get(code="KELOID"))

    with django_assert_num_queries(4):
        client_screenings(client, on=TODAY)
    with django_assert_num_queries(3):
        client_screenings(client, on=TODAY)


def test_a_client_with_no_intake_screens_as_no_intake_on_file():
    client = ClientFactory()

    screenings = client_screenings(client, on=TODAY)

    for _treatment, result in screenings:
        assert result.worst.slug == "contraindicated"
        assert result.findings[0].code == "INTAKE-MISSING"


def test_the_snapshot_of_a_stored_intake_is_the_snapshot_of_its_document():
    client = client_with_history(2)
    intake = intake_load(client)

    snapshot = snapshot_of(client, intake)

    assert (snapshot.intake_version, snapshot.intake_date) == (1, datetime.date(2026, 11, 20))
    assert snapshot.yes_answers == {"sensitive"}
    assert snapshot.broken_skin_sites == {"hands"}
    assert len(snapshot.procedures) == 2 and snapshot.procedures[0].sites == {"face", "neck"}


def test_the_entries_read_for_screening_are_the_entries_of_the_stored_intake():
    document = history(2)
    document["conditions"].append({"code": "psoriasis", "status": "active", "sites": []})
    document["medications"].append({"code": "isotretinoin", "current": True, "last_taken": None})
    client, bare = ClientFactory(), ClientFactory()
    intake_submit(client=client, document=document, by=None)
    intake_submit(client=bare, document={**history(0), "answers": {}}, by=None)

    for someone in (client, bare):
        loaded = intake_load(someone)
        stored = intake_with_entries().get(pk=loaded.pk)
        assert intake_to_document(loaded, entries=loaded.entry_lists) == intake_to_document(stored)
    assert len(intake_load(client).entry_lists.conditions) == 3


def test_the_snapshots_of_several_clients_are_their_own_snapshots_read_in_two_queries(
    practitioner, front_desk, django_assert_num_queries
):
    seen, cleared, new = client_with_history(3), client_with_history(1), client_with_history(0)
    appointment_fulfilled(seen, practitioner, "microdermabrasion-face", 10)
    Clearance.objects.create(client=cleared, by=front_desk, date=datetime.date(2026, 11, 28))
    no_intake = ClientFactory()
    clients = [seen, cleared, new, no_intake]

    with django_assert_num_queries(2):
        intakes = intakes_load(clients)
        snapshots = snapshots_of(list(intakes.values()))

    assert snapshots == {client.pk: snapshot_of(client, intake_load(client)) for client in clients[:3]}
    assert snapshots[cleared.pk].clearance_date == datetime.date(2026, 11, 28)
    assert (FACE, datetime.date(2026, 11, 25)) in [
        (visit.treatment, visit.date) for visit in snapshots[seen.pk].sessions
    ]


def test_a_rule_saved_elsewhere_is_in_force_at_the_next_screening():
    screening_context()
    rule = Rule.objects.get(code="ISO-WINDOW")
    rule.params = {**rule.params, "within_days": 30}
    # Another process saved it: this process's cache is only told through the database stamp.
    rule_save(rule=rule)

    iso = next(spec for spec in screening_context().rules.rules if spec.code == "ISO-WINDOW")

    assert iso.params["within_days"] == 30


def test_without_a_new_stamp_the_cached_rules_are_used():
    screening_context()
    Rule.objects.filter(code="KELOID").update(enabled=False)

    assert "KELOID" in {spec.code for spec in screening_context().rules.rules}


def test_disabled_and_retired_rules_do_not_screen():
    rule_save(rule=Rule.objects.get(code="KELOID"))
    Rule.objects.filter(code="KELOID").update(enabled=False)
    Rule.objects.filter(code="DIABETES").update(retired_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    rule_save(rule=Rule.objects.get(code="PREG-BF"))

    codes = {spec.code for spec in screening_context().rules.rules}

    assert not codes & {"KELOID", "DIABETES"} and "PREG-BF" in codes


def test_a_stored_rule_that_cannot_run_stops_screening_loudly(monkeypatch):
    Rule.objects.filter(code="KELOID").update(kind="retired-kind")
    monkeypatch.setattr(loader, "_cache", None)

    with pytest.raises(RuleSetError, match="KELOID"):
        screening_context()


def test_the_clinics_own_sessions_and_consultations_join_the_reported_ones(practitioner):
    client = client_with_history(0)
    appointment_fulfilled(client, practitioner, "microdermabrasion-face", 10)
    appointment_fulfilled(client, practitioner, "consultation-scalp", 14)

    snapshot = snapshot_of(client, intake_load(client))

    assert [(visit.treatment, visit.date) for visit in snapshot.sessions] == [
        (FACE, datetime.date(2026, 11, 25))
    ]
    assert (SCALP, datetime.date(2026, 11, 25)) in [
        (visit.treatment, visit.date) for visit in snapshot.consultations
    ]
    face, scalp = (result for _, result in client_screenings(client, on=TODAY))
    assert "FREQUENCY" in {finding.code for finding in face.findings}
    assert "CONSULT-FIRST" not in {finding.code for finding in scalp.findings}


def test_the_current_intakes_are_read_whole_and_joined_to_the_clients_given():
    updated, other, without = client_with_history(1), client_with_history(2), ClientFactory()
    intake_submit(client=updated, document={**history(3), "intake_date": "2026-11-21"}, by=None)

    read = current_intakes_of([updated, other, without])

    assert set(read) == {updated.pk, other.pk}
    assert read[updated.pk].version == 2
    columns = [field.attname for field in Intake._meta.concrete_fields]
    for client in (updated, other):
        stored, loaded = Intake.objects.get(client=client, is_current=True), read[client.pk]
        assert [getattr(loaded, name) for name in columns] == [getattr(stored, name) for name in columns]
        assert loaded.client is client
