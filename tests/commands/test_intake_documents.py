"""export_intake and import_intake: the intake document round-trips and validates."""

import json

import pytest
from django.core.management import CommandError, call_command

from intake.documents import validate_document
from intake.services.intakes import intake_submit
from tests.factories import document

pytestmark = pytest.mark.django_db

FULL = {
    "skin": {"fitzpatrick": 3, "sensitive": True},
    "conditions": [{"code": "eczema", "status": "active", "sites": ["face", "hands"]}],
    "medications": [{"code": "isotretinoin", "current": False, "last_taken": "2026-08-01"}],
    "procedures": [{"code": "chemical-peel", "date": "2026-11-15", "sites": ["face"]}],
    "answers": {
        "pregnant": False,
        "aluminium_allergy": True,
        "sunburn_sites": [],
        "broken_skin_sites": ["face"],
    },
    "previous_sessions": [{"treatment": "microdermabrasion-face", "date": "2026-11-10"}],
    "consultations": [{"treatment": "microdermabrasion-scalp", "date": "2026-10-01"}],
    "dermatologist_clearance": {"date": "2026-10-05"},
}


def export(client_id, capsys) -> dict:
    capsys.readouterr()
    call_command("export_intake", str(client_id))
    return json.loads(capsys.readouterr().out)


def test_export_validates_and_carries_every_answer(client_record, front_desk, capsys):
    intake_submit(client=client_record, document=document(client_record, **FULL), by=front_desk)
    exported = export(client_record.pk, capsys)
    validate_document(exported)
    assert exported["conditions"] == FULL["conditions"]
    assert exported["medications"] == FULL["medications"]
    assert exported["procedures"] == FULL["procedures"]
    assert exported["previous_sessions"] == FULL["previous_sessions"]
    assert exported["consultations"] == FULL["consultations"]
    assert exported["dermatologist_clearance"] == {"date": "2026-10-05"}
    assert exported["answers"]["broken_skin_sites"] == ["face"]
    assert exported["intake_version"] == 1


def test_import_creates_a_new_version_that_exports_the_same(client_record, capsys, tmp_path):
    path = tmp_path / "intake.json"
    path.write_text(json.dumps(document(client_record, **FULL)))
    call_command("import_intake", str(client_record.pk), str(path))
    assert "Saved intake version 1" in capsys.readouterr().out
    first = export(client_record.pk, capsys)
    path.write_text(json.dumps(first))
    call_command("import_intake", str(client_record.pk), str(path))
    second = export(client_record.pk, capsys)
    assert second["intake_version"] == 2
    assert {k: v for k, v in second.items() if k != "intake_version"} == {
        k: v for k, v in first.items() if k != "intake_version"
    }


def test_import_names_the_unknown_code(client_record, tmp_path):
    path = tmp_path / "intake.json"
    path.write_text(json.dumps(document(client_record, medications=[{"code": "aspirin", "current": True}])))
    with pytest.raises(CommandError, match=r"medications\[0\]\.code: unknown code “aspirin”"):
        call_command("import_intake", str(client_record.pk), str(path))


def test_import_refuses_malformed_json(client_record, tmp_path):
    path = tmp_path / "intake.json"
    path.write_text("{not json")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("import_intake", str(client_record.pk), str(path))


def test_export_of_client_without_intake_says_so(client_record):
    with pytest.raises(CommandError, match="no intake on file"):
        call_command("export_intake", str(client_record.pk))
