"""The snapshot: an intake document as frozen values, in one order whatever the document's order."""

import dataclasses
import datetime

import pytest

from intake.rules.snapshot import ConditionEntry, MedicationEntry, Visit, snapshot_from_document

from .builders import FACE, document


def test_a_minimal_document_is_a_snapshot_with_nothing_reported():
    snapshot = snapshot_from_document(
        {"intake_date": "2026-11-20", "client": {"date_of_birth": "1990-04-01"}}
    )

    assert snapshot.intake_date == datetime.date(2026, 11, 20)
    assert snapshot.date_of_birth == datetime.date(1990, 4, 1)
    assert (snapshot.intake_version, snapshot.conditions, snapshot.yes_answers) == (None, (), frozenset())


def test_every_section_is_read():
    data = document(
        client={"guardian_consent": True},
        skin={"sensitive": True},
        answers={"pregnant": True, "keloid_scarring": False, "sunburn_sites": ["face"]},
        conditions=[{"code": "eczema", "status": "active", "sites": ["hands", "face"]}],
        medications=[{"code": "isotretinoin", "current": False, "last_taken": "2026-08-01"}],
        previous_sessions=[{"treatment": FACE, "date": "2026-11-10"}],
        dermatologist_clearance={"date": "2026-10-05"},
    )

    snapshot = snapshot_from_document(data)

    assert snapshot.guardian_consent and snapshot.yes_answers == {"sensitive", "pregnant"}
    assert snapshot.sunburn_sites == {"face"} and snapshot.broken_skin_sites == frozenset()
    assert snapshot.conditions == (ConditionEntry("eczema", "active", frozenset({"face", "hands"})),)
    assert snapshot.medications == (MedicationEntry("isotretinoin", False, datetime.date(2026, 8, 1)),)
    assert snapshot.sessions == (Visit(FACE, datetime.date(2026, 11, 10)),)
    assert snapshot.clearance_date == datetime.date(2026, 10, 5)


def test_the_version_given_wins_over_the_documents_own():
    assert snapshot_from_document(document()).intake_version == 3
    assert snapshot_from_document(document(), intake_version=7).intake_version == 7


def test_entries_are_in_one_order_whatever_the_documents_order():
    entries = [
        {"code": "psoriasis", "status": "active", "sites": ["scalp"]},
        {"code": "eczema", "status": "inactive", "sites": []},
        {"code": "eczema", "status": "active", "sites": ["face"]},
    ]

    forwards = snapshot_from_document(document(conditions=entries))
    backwards = snapshot_from_document(document(conditions=entries[::-1]))

    assert forwards == backwards
    assert [entry.code for entry in forwards.conditions] == ["eczema", "eczema", "psoriasis"]


def test_a_snapshot_cannot_be_changed():
    snapshot = snapshot_from_document(document())

    with pytest.raises(dataclasses.FrozenInstanceError):
        snapshot.intake_date = None
