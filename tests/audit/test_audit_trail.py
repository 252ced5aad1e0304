"""The audit trail: who changed what (old and new values), who viewed whom, and a chain that tells."""

import datetime
import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intake.audit import STORED, Event, audit_append, audit_batch, audit_verify, bulk_create_audited
from intake.models import AuditEntry, Flag, Rule
from intake.services.intakes import client_update, intake_submit
from tests.factories import UserFactory, document
from tests.queries import READ, statement_sent

pytestmark = pytest.mark.django_db


def entries(**filters):
    return list(AuditEntry.objects.filter(**filters).order_by("seq"))


def test_a_change_records_who_and_the_old_and_new_values(front_desk, client_record):
    client_update(client=client_record, by=front_desk, last_name="Haddad-Lee")
    entry = entries(model="intake.client", action="update")[-1]
    assert entry.changes["last_name"] == ["Haddad", "Haddad-Lee"]
    assert entry.client_id == client_record.pk


def test_a_page_edit_is_attributed_to_the_signed_in_user(as_user, front_desk, client_record):
    url = reverse("intake:client_update", args=[client_record.pk])
    data = {"first_name": "Amira", "last_name": "Haddad", "date_of_birth": "1990-04-01", "phone": "0123"}
    as_user(front_desk).post(url, data)
    entry = entries(model="intake.client", action="update")[-1]
    assert (entry.username, entry.user_id) == ("frontdesk", front_desk.pk)
    assert entry.changes["phone"][1] == "0123"


def test_an_intake_audits_the_version_its_entries_and_the_flags_it_raises(front_desk, client_record):
    intake_submit(
        client=client_record,
        document=document(
            client_record,
            conditions=[{"code": "eczema", "status": "active", "sites": ["face"]}],
            medications=[{"code": "isotretinoin", "current": True}],
        ),
        by=front_desk,
    )
    models = {entry.model for entry in entries(client_id=client_record.pk)}
    assert {"intake.intake", "intake.intakecondition", "intake.intakemedication", "intake.flag"} <= models
    assert len(entries(model="intake.flag")) == Flag.objects.count() > 0


def test_bulk_creation_is_audited_row_by_row(front_desk, client_record):
    from intake.models import Intake

    intake = Intake.objects.create(client=client_record, version=1, intake_date=datetime.date(2026, 11, 20))
    flags = [
        Flag(
            client=client_record,
            intake=intake,
            treatment_id=1,
            rule=rule,
            level="caution",
            message="m",
            evidence="e",
        )
        for rule in Rule.objects.all()[:3]
    ]
    bulk_create_audited(Flag, flags, by=front_desk)
    assert len(entries(model="intake.flag", action="create")) == 3
    assert Flag.history.count() == 3


def test_viewing_a_client_is_logged_with_page(as_user, aesthetician, client_record):
    as_user(aesthetician).get(client_record.get_absolute_url())
    entry = entries(action="view")[-1]
    assert (entry.username, entry.client_id, entry.page) == (
        "aesthetician",
        client_record.pk,
        f"/clients/{client_record.pk}/",
    )


def test_nobody_may_change_or_delete_an_audit_row_in_the_admin(as_user, front_desk, client_record):
    client = as_user(UserFactory(is_superuser=True, is_staff=True))
    client_update(client=client_record, by=front_desk, phone="1")
    entry = entries()[-1]
    change = client.post(reverse("admin:intake_auditentry_change", args=[entry.pk]), {"username": "x"})
    assert change.status_code == 403
    delete = client.post(reverse("admin:intake_auditentry_delete", args=[entry.pk]), {"post": "yes"})
    assert delete.status_code == 403
    entry.refresh_from_db()
    assert entry.username == "frontdesk"


def test_verify_audit_passes_on_an_intact_chain(capsys, front_desk, client_record):
    client_update(client=client_record, by=front_desk, phone="1")
    call_command("verify_audit")
    assert "intact" in capsys.readouterr().out


def chain(n=4):
    return audit_append(Event(action="view", model="intake.client", object_id=str(i)) for i in range(n))


def test_verify_audit_catches_a_row_altered_with_raw_sql(capsys):
    entry = chain()[1]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE intake_auditentry SET username = 'mallory' WHERE seq = %s", [entry.seq])
    with pytest.raises(CommandError, match="broken"):
        call_command("verify_audit")
    assert f"#{entry.seq}: content changed" in capsys.readouterr().out


def test_verify_audit_catches_a_deleted_row(capsys):
    entry = chain()[1]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM intake_auditentry WHERE seq = %s", [entry.seq])
    with pytest.raises(CommandError):
        call_command("verify_audit")
    assert "removed" in capsys.readouterr().out


def test_verify_audit_catches_the_newest_rows_deleted(capsys):
    last = chain()[-1]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM intake_auditentry WHERE seq = %s", [last.seq])
    with pytest.raises(CommandError):
        call_command("verify_audit")
    assert "newest entries were removed" in capsys.readouterr().out


def test_verify_audit_catches_an_inserted_row(capsys):
    written = chain()
    with connection.cursor() as cursor:
        # Make room after the second entry (in two steps, as seq is unique), then forge one there.
        cursor.execute("UPDATE intake_auditentry SET seq = seq + 1000 WHERE seq > %s", [written[1].seq])
        cursor.execute("UPDATE intake_auditentry SET seq = seq - 999 WHERE seq > %s", [written[1].seq + 1000])
    forged = AuditEntry.objects.get(seq=written[1].seq)
    forged.pk, forged.seq, forged.object_repr = None, written[1].seq + 1, "forged"
    forged.save()
    with pytest.raises(CommandError):
        call_command("verify_audit")
    assert f"#{written[1].seq + 1}: content changed" in capsys.readouterr().out


def test_an_intake_takes_the_chain_heads_lock_once_for_all_its_entries(front_desk, client_record):
    with CaptureQueriesContext(connection) as queries:
        intake_submit(
            client=client_record,
            document=document(
                client_record, conditions=[{"code": "eczema", "status": "active", "sites": ["face"]}]
            ),
            by=front_desk,
        )
    # The chain head is read (FOR UPDATE on PostgreSQL; SQLite locks the database) once per append.
    sent = [statement_sent(query["sql"]) for query in queries.captured_queries]
    head_reads = [sql for sql in sent if re.match(READ, sql) and "auditchainhead" in sql]
    assert len(head_reads) == 1
    if connection.features.has_select_for_update:
        assert head_reads[0].endswith("FOR UPDATE")
    models = {entry.model for entry in entries(client_id=client_record.pk)}
    assert {"intake.intake", "intake.intakecondition", "intake.flag"} <= models
    assert list(audit_verify()) == []


def test_a_batch_inside_another_keeps_its_entries_only_if_it_commits():
    with audit_batch():
        audit_append([Event(action="view", model="intake.client", object_id="kept")])
        with pytest.raises(RuntimeError), audit_batch():
            audit_append([Event(action="view", model="intake.client", object_id="rolled back")])
            raise RuntimeError
        with audit_batch():
            audit_append([Event(action="view", model="intake.client", object_id="inner, kept")])
        assert entries() == []  # appended when the outer batch ends
    assert [entry.object_id for entry in entries()] == ["kept", "inner, kept"]
    assert list(audit_verify()) == []


def test_many_entries_are_stored_many_to_a_statement_and_chain(front_desk):
    events = [
        Event("view", "intake.client", object_id=str(n), user=front_desk, changes={"n": [n, n + 1]})
        for n in range(150)
    ]
    with CaptureQueriesContext(connection) as queries:
        audit_append(events)

    stored = entries()
    assert [entry.object_id for entry in stored] == [str(n) for n in range(150)]
    assert stored[-1].changes == {"n": [149, 150]} and stored[-1].username == "frontdesk"
    inserts = [query for query in queries.captured_queries if "INSERT INTO" in query["sql"]]
    per_statement = connection.ops.bulk_batch_size(STORED, events)
    assert len(inserts) == -(-150 // per_statement) < 150
    assert list(audit_verify()) == []


def test_an_append_reads_the_head_then_stores_and_moves_it_in_one_statement_on_postgresql(front_desk):
    for number in range(3):
        with CaptureQueriesContext(connection) as queries:
            audit_append([Event("view", "intake.client", object_id=str(number), user=front_desk)])
        sent = [statement_sent(query["sql"]) for query in queries.captured_queries]
        writes = [sql for sql in sent if not re.match(READ, sql)]
        if connection.vendor == "postgresql":
            assert len(writes) == 1 and writes[0].startswith("WITH") and "INSERT INTO" in writes[0]
        else:
            assert [sql.split()[0] for sql in writes] == ["INSERT", "UPDATE"]
    # Each entry chains to the one before, and the head names the last: the next append follows it.
    assert [entry.object_id for entry in entries()] == ["0", "1", "2"]
    assert list(audit_verify()) == []


def test_appending_no_events_stores_nothing():
    audit_append([])
    assert entries() == [] and list(audit_verify()) == []


def test_a_batch_that_fails_appends_nothing():
    with pytest.raises(RuntimeError), audit_batch():
        audit_append([Event(action="view", model="intake.client", object_id="1")])
        raise RuntimeError
    assert entries() == []


def test_a_rule_change_shows_before_and_after_and_can_be_rolled_back(as_user, clinic_admin):
    from intake.rules.loader import screening_context
    from intake.services.rules import rule_save

    rule = Rule.objects.get(code="ISO-WINDOW")
    rule.params = {**rule.params, "within_days": 200}
    rule_save(rule=rule)
    entry = entries(model="intake.rule", action="update")[-1]
    assert entry.changes["params"][0]["within_days"] == 184
    assert entry.changes["params"][1]["within_days"] == 200

    original = rule.history.order_by("history_id").first()
    assert original.history_type == "+" and original.params["within_days"] == 184
    http = as_user(clinic_admin)
    url = reverse("admin:intake_rule_simple_history", args=[rule.pk, original.history_id])
    form = http.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data["params"] = json.dumps(original.params)
    data["treatments"] = [t.pk for t in rule.treatments.all()]
    response = http.post(url, {**data, "_save": "Save"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    rule.refresh_from_db()
    assert rule.params["within_days"] == 184
    in_force = next(spec for spec in screening_context().rules.rules if spec.code == "ISO-WINDOW")
    assert in_force.params["within_days"] == 184
