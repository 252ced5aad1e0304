"""Access requests and erasure: the full record out, then the person gone but the statistics kept."""

import json

import pytest
from django.core.management import call_command

from intake.audit import audit_verify
from intake.models import AuditEntry, Client, Flag, Intake
from intake.services.intakes import client_update, intake_submit
from intake.services.selfservice import Signature, intake_link_create, intake_link_submit
from tests.factories import document

pytestmark = pytest.mark.django_db

NAME = "Haddad"


@pytest.fixture
def history(client_record, front_desk, as_user):
    """A client with two intakes, a signed consent, a changed phone number and a viewed record."""
    intake_submit(
        client=client_record,
        document=document(
            client_record,
            skin={"concerns": "Dry patches"},
            conditions=[{"code": "eczema", "status": "active", "sites": ["face"]}],
        ),
        by=front_desk,
    )
    client_update(client=client_record, by=front_desk, phone="07700 900999")
    link, _ = intake_link_create(client=client_record, by=front_desk, email="amira@example.com")
    intake_link_submit(
        link=link,
        document=document(client_record),
        signature=Signature("Amira Haddad", "data:image/png;base64,x"),
        ip_address="203.0.113.9",
        user_agent="Phone",
    )
    as_user(front_desk).get(client_record.get_absolute_url())
    return client_record


def test_export_holds_the_whole_record(history, tmp_path):
    path = tmp_path / "record.json"
    call_command("export_client", str(history.pk), "--output", str(path))
    record = json.loads(path.read_text())
    assert record["client"]["last_name"] == NAME and record["client"]["phone"] == "07700 900999"
    assert [intake["intake_version"] for intake in record["intakes"]] == [1, 2]
    assert record["consents"][0]["signed_by"] == "Amira Haddad"
    assert record["flags"] and record["audit_trail"]
    assert any(entry["action"] == "view" for entry in record["audit_trail"])


def test_anonymise_erases_the_person_everywhere_and_keeps_statistics_and_chain(history, capsys):
    call_command("anonymise_client", str(history.pk), "--reason", "Erasure request 42", "--yes")
    assert "the chain intact" in capsys.readouterr().out
    client = Client.objects.get(pk=history.pk)
    assert (client.first_name, client.phone, client.email, client.date_of_birth.isoformat()) == (
        "Anonymised",
        "",
        "",
        "1990-01-01",
    )
    everything = json.dumps(
        [list(model.objects.values()) for model in (Client.history.model, Intake.history.model)]
        + [list(AuditEntry.objects.values("object_repr", "page", "changes"))],
        default=str,
    )
    assert NAME not in everything and "07700 900999" not in everything and "Dry patches" not in everything
    assert Intake.objects.filter(client=client).count() == 2
    assert Flag.objects.filter(client=client, rule__code="ECZ-ACTIVE").exists()
    assert list(audit_verify()) == []
    erasure = AuditEntry.objects.filter(action="erase").get()
    assert erasure.changes["reason"][1] == "Erasure request 42"


def test_an_erased_entry_without_its_erasure_record_is_reported(history):
    entry = AuditEntry.objects.filter(client_id=history.pk).first()
    AuditEntry.objects.filter(pk=entry.pk).update(object_repr="", changes={}, page="", erased_at=entry.at)
    problems = [problem.problem for problem in audit_verify()]
    assert "content erased without a recorded erasure" in problems
