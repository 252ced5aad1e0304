"""Rows created in bulk get the historical records and audit entries saving them one by one gives, in
one statement a batch on PostgreSQL."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intake.audit import acting_as, audit_verify, bulk_create_audited
from intake.history_inserts import create_with_history
from intake.models import AuditEntry, Flag, Intake, Rule

pytestmark = pytest.mark.django_db


def flags_for(client, messages: list[str]) -> list[Flag]:
    """Unsaved caution flags of the client on a new intake, one for each message (each by a rule of
    its own: a client has one open flag a rule)."""
    intake = Intake.objects.create(client=client, version=1, intake_date=datetime.date(2026, 11, 20))
    return [
        Flag(client=client, intake=intake, treatment_id=1, rule=rule, level="caution", message=message)
        for rule, message in zip(Rule.objects.all(), messages, strict=False)
    ]


# What differs between the two flags compared: the id, the rule and when each was created.
OWN = {"id": None, "rule_id": None, "created_at": None}


def kept(record) -> dict:
    """What a historical record keeps of its row, but for `OWN`."""
    return {field.attname: getattr(record, field.attname) for field in record.tracked_fields} | OWN


def test_a_row_created_in_bulk_has_the_history_and_entry_saving_it_gives(front_desk, client_record):
    saved, bulk = flags_for(client_record, ["same", "same"])
    started = timezone.now()
    with acting_as(front_desk):
        saved.save()

    bulk_create_audited(Flag, [bulk], by=front_desk, values=True)

    saved_record, bulk_record = (flag.history.get() for flag in (saved, bulk))
    assert kept(saved_record) == kept(bulk_record)
    assert (bulk_record.history_type, bulk_record.history_user) == ("+", front_desk)
    assert started <= bulk_record.history_date <= timezone.now()
    saved_entry, bulk_entry = (
        AuditEntry.objects.get(model="intake.flag", action="create", object_id=str(flag.pk))
        for flag in (saved, bulk)
    )
    assert saved_entry.changes | OWN == bulk_entry.changes | OWN
    assert bulk_entry.changes["id"] == [None, bulk.pk]
    assert (bulk_entry.username, bulk_entry.client_id) == ("frontdesk", client_record.pk)
    assert list(audit_verify()) == []


def test_each_row_gets_its_own_key_and_record_one_statement_a_batch_on_postgresql(front_desk, client_record):
    flags = flags_for(client_record, ["first", "second", "third"])

    with CaptureQueriesContext(connection) as queries:
        create_with_history(Flag, flags, by=front_desk, batch_size=2)

    writes = [query["sql"] for query in queries.captured_queries if "INSERT" in query["sql"]]
    if connection.vendor == "postgresql":
        assert len(writes) == 2 and all(sql.startswith("WITH stored AS (INSERT") for sql in writes)
    else:
        assert len(writes) == 4
    for flag in flags:
        assert Flag.objects.get(pk=flag.pk).message == flag.message
        assert flag.history.get().message == flag.message
    assert not any(flag._state.adding for flag in flags)


def test_a_row_dated_in_the_past_keeps_its_date_in_the_history(front_desk, client_record):
    [flag] = flags_for(client_record, ["long ago"])
    flag._history_date = moment = timezone.now() - datetime.timedelta(days=400)

    create_with_history(Flag, [flag], by=front_desk, batch_size=10)

    assert flag.history.get().history_date == moment


def test_a_row_with_a_key_already_is_refused_before_anything_is_written(front_desk, client_record):
    first, second = flags_for(client_record, ["new", "stored"])
    second.save()

    with pytest.raises(ValueError, match="primary key already"):
        create_with_history(Flag, [first, second], by=front_desk, batch_size=10)

    assert first.pk is None and not Flag.objects.filter(message="new").exists()
