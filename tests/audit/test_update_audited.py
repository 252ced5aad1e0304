"""update_audited: one update of many rows leaves the trail saving each row does (history, audit entry)."""

import datetime

import pytest
from django.utils import timezone

from intake.audit import acting_as, audit_verify, update_audited
from intake.models import AuditEntry, Flag, FlagStatus, Intake, Rule

pytestmark = pytest.mark.django_db
FIELDS = ["status", "status_changed_at", "status_changed_by"]


def flags_of(client) -> list[Flag]:
    """Two open flags of the client on one intake."""
    intake = Intake.objects.create(client=client, version=1, intake_date=datetime.date(2026, 11, 20))
    return [
        Flag.objects.create(
            client=client,
            intake=intake,
            treatment_id=1,
            rule=rule,
            level="caution",
            message="m",
            evidence="e",
        )
        for rule in Rule.objects.all()[:2]
    ]


def resolved(by) -> dict:
    """The values of a flag resolved now by `by`."""
    return {"status": FlagStatus.RESOLVED, "status_changed_at": timezone.now(), "status_changed_by": by}


def test_the_trail_is_the_one_saving_each_row_leaves(front_desk, client_record):
    saved, bulk = flags_of(client_record)
    for name, value in resolved(front_desk).items():
        setattr(saved, name, value)
    with acting_as(front_desk):
        saved.save(update_fields=FIELDS)

    update_audited(Flag, [bulk], resolved(front_desk), by=front_desk)

    bulk.refresh_from_db()
    assert (bulk.status, bulk.status_changed_by) == (FlagStatus.RESOLVED, front_desk)
    saved_entry, bulk_entry = (
        AuditEntry.objects.get(model="intake.flag", action="update", object_id=str(flag.pk))
        for flag in (saved, bulk)
    )
    assert saved_entry.changes.keys() == bulk_entry.changes.keys() == set(FIELDS)
    assert bulk_entry.changes["status"] == ["open", "resolved"]
    assert bulk_entry.changes["status_changed_by"] == [None, front_desk.pk]
    assert (bulk_entry.username, bulk_entry.client_id, bulk_entry.object_repr) == (
        "frontdesk",
        client_record.pk,
        str(bulk),
    )
    assert [record.history_type for record in bulk.history.order_by("history_id")] == ["+", "~"]
    latest = bulk.history.latest("history_id")
    assert (latest.status, latest.status_changed_by, latest.history_user) == (
        "resolved",
        front_desk,
        front_desk,
    )
    assert list(audit_verify()) == []


def test_only_the_fields_whose_value_changed_are_listed(client_record):
    flag, _other = flags_of(client_record)

    update_audited(Flag, [flag], resolved(None))

    entry = AuditEntry.objects.get(model="intake.flag", action="update")
    assert entry.changes.keys() == {"status", "status_changed_at"}
