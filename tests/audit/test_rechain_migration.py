"""Upgrading across migration 0018: a trail written before content digests is chained again, batch
by batch, and verifies afterwards."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from intake.audit import audit_verify
from intake.models import AuditChainHead, AuditEntry

BEFORE = [("intake", "0017_client_version")]
AFTER = [("intake", "0018_audit_erasure")]
MIGRATION = importlib.import_module("intake.migrations.0018_audit_erasure")


@pytest.fixture
def before_0018(reference_data):
    """The database migrated back to 0017 (its apps), brought up to date again afterwards."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    yield executor.loader.project_state(BEFORE).apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    connection.close()  # statements prepared on the old columns go with the connection


def old_trail(apps, length: int) -> None:
    """`length` view entries and a chain head, as the trail stood before 0018 (no content digests)."""
    entry, head = apps.get_model("intake", "AuditEntry"), apps.get_model("intake", "AuditChainHead")
    entry.objects.all().delete()
    entry.objects.bulk_create(
        entry(
            seq=seq,
            at=timezone.now(),
            action="view",
            model="intake.client",
            object_id=str(seq),
            object_repr=f"Client {seq}",
            page=f"/clients/{seq}/",
            changes={},
            previous_hash="written before 0018",
            hash="written before 0018",
        )
        for seq in range(1, length + 1)
    )
    head.objects.update_or_create(pk=1, defaults={"seq": length, "hash": "written before 0018"})


@pytest.mark.django_db(transaction=True)
def test_upgrading_chains_a_trail_longer_than_a_batch_again(before_0018, monkeypatch):
    monkeypatch.setattr(MIGRATION, "BATCH", 3)
    old_trail(before_0018, 8)  # three batches, the last one short

    MigrationExecutor(connection).migrate(AFTER)

    assert list(audit_verify()) == []
    entries = list(AuditEntry.objects.order_by("seq"))
    assert [entry.object_repr for entry in entries] == [f"Client {seq}" for seq in range(1, 9)]
    assert all(entry.content_digest for entry in entries)
    assert AuditChainHead.objects.get(pk=1).hash == entries[-1].hash
