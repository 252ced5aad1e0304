"""The rule reference: every rule in the database is in it, retired ones too; docs/rules.md is current."""

import pytest
from django.conf import settings
from django.core.management import call_command

from intake.models import Rule
from intake.rules import registry
from intake.rules.reference import kind_entries, reference_markdown, rule_entries
from intake.services.rules import rule_retire, rule_save

pytestmark = pytest.mark.django_db


def reference() -> str:
    """The reference as `manage.py rules_reference` prints it."""
    return reference_markdown(rule_entries(), kind_entries())


def test_every_rule_in_the_database_appears_in_the_reference():
    text = reference()

    for rule in Rule.objects.all():
        assert f"## {rule.code}\n" in text
        assert f"| [{rule.code}](#{rule.code.lower()}) | {rule.level} |" in text


def test_every_rule_kind_is_documented_with_its_parameters():
    text = reference()

    for kind in registry.kinds():
        assert f"## `{kind.name}`\n\n{kind.description}\n" in text
    assert "- `within_days`: a whole number from 0 to 3660: The procedure was this many days" in text


def test_a_retired_rule_stays_in_the_reference():
    rule_retire(rule=Rule.objects.get(code="KELOID"))

    assert "| [KELOID](#keloid) | caution | all treatments | retired on " in reference()


def test_a_rule_shows_its_numbers_and_wording_as_staff_read_them():
    rule = Rule.objects.get(code="ISO-WINDOW")
    rule.params = {"medications": ["isotretinoin"], "within_days": 200}
    rule_save(rule=rule)

    text = reference()

    assert '- **Parameters**: `{"medications": ["isotretinoin"], "within_days": 200}`' in text
    assert "- **Message**: Isotretinoin taken within the last 200 days" in text


def test_docs_rules_md_is_the_reference_of_the_default_rule_set(capsys):
    call_command("rules_reference")

    committed = (settings.BASE_DIR / "docs" / "rules.md").read_text(encoding="utf-8")
    assert capsys.readouterr().out == committed, "run `python manage.py rules_reference --write`"
