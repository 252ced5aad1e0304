"""rule_save and rule_retire: validated, and every change stamps the rule set anew."""

import pytest
from django.core.exceptions import ValidationError

from intake.models import Rule, RuleSetVersion
from intake.services.rules import rule_retire, rule_save

pytestmark = pytest.mark.django_db


def token() -> str:
    """The rule set's current version stamp."""
    return RuleSetVersion.objects.get().token


def test_saving_a_rule_stamps_the_rule_set_anew():
    before = token()
    rule = Rule.objects.get(code="WAX-WINDOW")
    rule.params = {"procedures": ["waxing"], "within_days": 10}

    rule_save(rule=rule)

    assert token() != before
    assert Rule.objects.get(code="WAX-WINDOW").params["within_days"] == 10


def test_an_invalid_rule_is_refused_and_nothing_changes():
    before = token()
    rule = Rule.objects.get(code="WAX-WINDOW")
    rule.params = {"procedures": ["waxing"], "within_days": -1}

    with pytest.raises(ValidationError) as error:
        rule_save(rule=rule)

    assert "within_days" in str(error.value.message_dict["params"])
    assert token() == before


def test_a_retired_rule_stays_on_record_and_its_code_is_never_reused():
    rule = rule_retire(rule=Rule.objects.get(code="KELOID"))

    assert rule.retired and not rule.enabled
    with pytest.raises(ValidationError) as error:
        rule_save(rule=Rule(code="KELOID", kind="always", level="advice", message="Something else"))
    assert "never reused" in str(error.value.message_dict["code"])
