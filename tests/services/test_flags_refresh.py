"""flags_refresh: findings stored as flags per treatment; a new intake supersedes them; idempotent."""

import datetime

import pytest

from intake.models import AuditEntry, Flag, FlagStatus, Rule
from intake.services.intakes import intake_submit
from intake.services.rules import rule_save
from intake.services.screening import FlagChanges, flags_refresh
from tests.factories import ClientFactory, document

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 12, 1)
FLARE = {"conditions": [{"code": "eczema", "status": "active", "sites": ["face"]}]}


def open_flags(client) -> set[tuple[str, str, str]]:
    """(treatment, rule, level) of the client's flags that are not resolved."""
    return set(
        client.flags.exclude(status=FlagStatus.RESOLVED).values_list("treatment__code", "rule__code", "level")
    )


@pytest.fixture
def client_with_flare(db):
    """A client whose intake (version 1) reports an eczema flare-up, not flagged yet."""
    client = ClientFactory()
    intake_submit(client=client, document=document(client, **FLARE), by=None)
    client.flags.all().delete()
    return client


def test_saving_an_intake_flags_the_client():
    client = ClientFactory()

    intake_submit(client=client, document=document(client, **FLARE), by=None)

    assert ("microdermabrasion-face", "ECZ-ACTIVE", "contraindicated") in open_flags(client)


def test_findings_for_every_active_treatment_become_open_flags(client_with_flare):
    changes = flags_refresh(client=client_with_flare, by=None, on=DAY)

    assert open_flags(client_with_flare) == {
        ("microdermabrasion-face", "ECZ-ACTIVE", "contraindicated"),
        ("microdermabrasion-face", "ADVICE-FACE", "advice"),
        ("microdermabrasion-scalp", "ECZ-ACTIVE", "contraindicated"),
        ("microdermabrasion-scalp", "CONSULT-FIRST", "caution"),
        ("microdermabrasion-scalp", "ADVICE-SCALP", "advice"),
    }
    assert (changes.opened, changes.resolved) == (5, 0)
    flag = client_with_flare.flags.get(rule__code="ECZ-ACTIVE", treatment__code="microdermabrasion-face")
    assert (flag.intake.version, flag.status, flag.message) == (1, "open", "Active eczema flare-up")
    assert flag.evidence == "eczema, active at face (intake v1, 20 Nov 2026)"


def test_refreshing_again_changes_nothing_and_keeps_acknowledgements(client_with_flare, aesthetician):
    flags_refresh(client=client_with_flare, by=None, on=DAY)
    Flag.objects.filter(rule__code="CONSULT-FIRST").update(status=FlagStatus.ACKNOWLEDGED)
    before = list(client_with_flare.flags.order_by("pk").values("pk", "status"))

    changes = flags_refresh(client=client_with_flare, by=aesthetician, on=DAY)

    assert (changes.opened, changes.resolved) == (0, 0)
    assert list(client_with_flare.flags.order_by("pk").values("pk", "status")) == before


def test_a_stale_intake_keeps_its_flag_and_writes_nothing_the_next_day():
    client = ClientFactory()
    intake_submit(client=client, document=document(client, intake_date="2026-08-01"), by=None)
    flags_refresh(client=client, by=None, on=DAY)
    stale = client.flags.get(rule__code="INTAKE-STALE", treatment__code="microdermabrasion-face")
    entries = AuditEntry.objects.count()

    changes = flags_refresh(client=client, by=None, on=DAY + datetime.timedelta(days=1))

    assert changes == FlagChanges(opened=0, resolved=0)
    assert AuditEntry.objects.count() == entries
    stale.refresh_from_db()
    assert stale.status == FlagStatus.OPEN
    assert stale.evidence == (
        "intake filled in more than 90 days before the appointment date (intake v1, 1 Aug 2026)"
    )


def test_a_new_intake_supersedes_the_old_flags(client_with_flare, front_desk):
    flags_refresh(client=client_with_flare, by=None, on=DAY)
    intake_submit(client=client_with_flare, document=document(client_with_flare), by=front_desk)

    flags_refresh(client=client_with_flare, by=front_desk, on=DAY)

    old = client_with_flare.flags.filter(intake__version=1)
    assert set(old.values_list("status", flat=True)) == {"resolved"}
    assert set(old.values_list("status_changed_by", flat=True)) == {front_desk.pk}
    assert ("microdermabrasion-face", "ECZ-ACTIVE", "contraindicated") not in open_flags(client_with_flare)
    assert set(
        client_with_flare.flags.exclude(status="resolved").values_list("intake__version", flat=True)
    ) == {2}


def test_a_rule_change_resolves_what_is_no_longer_found_and_reopens_what_changed(client_with_flare):
    flags_refresh(client=client_with_flare, by=None, on=DAY)
    rule = Rule.objects.get(code="ECZ-ACTIVE")
    rule.level = "caution"
    Rule.objects.filter(code="CONSULT-FIRST").update(enabled=False)
    rule_save(rule=rule)

    changes = flags_refresh(client=client_with_flare, by=None, on=DAY)

    assert (changes.opened, changes.resolved) == (2, 3)
    assert ("microdermabrasion-face", "ECZ-ACTIVE", "caution") in open_flags(client_with_flare)
    assert not client_with_flare.flags.filter(rule__code="CONSULT-FIRST").exclude(status="resolved").exists()


def test_a_client_with_no_intake_has_nothing_to_flag():
    client = ClientFactory()

    assert flags_refresh(client=client, by=None) == FlagChanges(opened=0, resolved=0)
    assert not client.flags.exists()
