"""Bulk inserts keep the trail: many-to-many fields set in bulk reach the tables and the history."""

import datetime

import pytest

from intake.audit import audit_verify, bulk_create_audited
from intake.models import AuditEntry, BodySite, Condition, Intake, IntakeCondition

pytestmark = pytest.mark.django_db


def test_many_to_many_links_are_stored_historied_and_audited(front_desk, client_record):
    intake = Intake.objects.create(client=client_record, version=1, intake_date=datetime.date(2026, 11, 20))
    eczema, psoriasis = Condition.objects.get(code="eczema"), Condition.objects.get(code="psoriasis")
    face, scalp = BodySite.objects.get(code="face"), BodySite.objects.get(code="scalp")
    rows = [
        IntakeCondition(intake=intake, condition=eczema, status="active"),
        IntakeCondition(intake=intake, condition=psoriasis, status="inactive"),
    ]

    created = bulk_create_audited(IntakeCondition, rows, by=front_desk, m2m={"sites": [[face, scalp], []]})

    assert [set(row.sites.all()) for row in created] == [{face, scalp}, set()]
    history = [row.history.get() for row in created]
    historied_sites = [{link.bodysite_id for link in record.sites.all()} for record in history]
    assert historied_sites == [{face.pk, scalp.pk}, set()]
    assert {record.history_user for record in history} == {front_desk}
    entries = AuditEntry.objects.filter(model="intake.intakecondition").order_by("seq")
    assert [entry.changes["sites"] for entry in entries] == [[None, [face.pk, scalp.pk]], [None, []]]
    assert {entry.client_id for entry in entries} == {client_record.pk}
    assert list(audit_verify()) == []
