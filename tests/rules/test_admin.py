"""The rule admin: parameters checked against the kind and catalogues; a rule made there screens at once."""

import datetime
import json

import pytest
from django.urls import reverse

from intake.models import BodySite, Intensity, Method, Rule, RuleSetVersion
from intake.rules.loader import client_screenings
from intake.services.intakes import intake_submit
from tests.factories import ClientFactory, document

pytestmark = pytest.mark.django_db
ADD_RULE = reverse("admin:intake_rule_add")


def rule_form(**fields) -> dict:
    """POST data of the rule admin form: a valid new rule unless fields say otherwise."""
    data = {
        "code": "ROS-SCALP",
        "kind": "condition",
        "params": json.dumps({"conditions": ["rosacea"], "statuses": ["active"]}),
        "level": "caution",
        "treatments": [],
        "site_scope": "site",
        "max_intensity": "",
        "message": "Rosacea at the site",
        "hint": "Treat gently.",
        "enabled": "on",
    }
    return {**data, **fields}


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"kind": "procedure", "params": json.dumps({"procedures": ["laser"], "within_days": -5})},
            "params",
            "within_days: -5 is less than the minimum of 0",
        ),
        (
            {"params": json.dumps({"conditions": ["eczma"], "statuses": ["active"]})},
            "params",
            "conditions: unknown conditions code “eczma”",
        ),
        ({"max_intensity": "999"}, "max_intensity", "The cap must be an intensity from the catalogue."),
        ({"max_intensity": "gentle"}, "max_intensity", "The cap must be an intensity from the catalogue."),
        ({"kind": "horoscope"}, "kind", "Select a valid choice."),
        ({"params": "{not json"}, "params", "Enter a valid JSON."),
        ({"params": json.dumps({"conditions": ["rosacea"]})}, "params", "'statuses' is a required property"),
        ({"code": "ros scalp"}, "code", "Use capital letters, digits and single hyphens"),
        ({"code": "ECZ-ACTIVE"}, "code", "never reused"),
        ({"message": "Rosacea for {weeks} weeks"}, "message", "Braces must name a parameter"),
    ],
)
def test_the_admin_refuses_an_invalid_rule_with_a_message(as_user, clinic_admin, fields, field, message):
    before = RuleSetVersion.objects.get().token

    response = as_user(clinic_admin).post(ADD_RULE, rule_form(**fields))

    assert response.status_code == 200
    assert message in " ".join(response.context["adminform"].form.errors[field])
    assert not Rule.objects.filter(
        code=fields.get("code", "ROS-SCALP"), message="Rosacea at the site"
    ).exists()
    assert RuleSetVersion.objects.get().token == before


def test_a_treatment_and_a_rule_added_in_the_admin_screen_with_no_code_change(as_user, clinic_admin):
    browser = as_user(clinic_admin)
    response = browser.post(
        reverse("admin:intake_treatment_add"),
        {
            "code": "dermaplaning-neck",
            "name": "Neck dermaplaning",
            "active": "on",
            "site": BodySite.objects.get(code="neck").pk,
            "methods": [Method.objects.get(code="diamond-tip").pk],
            "intensities": [Intensity.objects.get(code="gentle").pk],
            "duration_minutes": 30,
            "description": "",
        },
    )
    assert response.status_code == 302
    response = browser.post(
        ADD_RULE,
        rule_form(
            code="NECK-ROSACEA",
            level="contraindicated",
            treatments=[Rule.treatments.rel.model.objects.get(code="dermaplaning-neck").pk],
        ),
    )
    assert response.status_code == 302
    client = ClientFactory()
    flare = {"conditions": [{"code": "rosacea", "status": "active", "sites": ["neck"]}]}
    intake_submit(client=client, document=document(client, intake_date="2026-11-30", **flare), by=None)

    screenings = dict(
        (treatment.code, result)
        for treatment, result in client_screenings(client, on=datetime.date(2026, 12, 1))
    )

    assert screenings["dermaplaning-neck"].findings[0].code == "NECK-ROSACEA"
    assert screenings["dermaplaning-neck"].worst.slug == "contraindicated"
    assert "NECK-ROSACEA" not in {finding.code for finding in screenings["microdermabrasion-face"].findings}


def test_a_saved_rule_is_stamped_and_its_code_is_then_fixed(as_user, clinic_admin):
    before = RuleSetVersion.objects.get().token
    browser = as_user(clinic_admin)

    assert browser.post(ADD_RULE, rule_form()).status_code == 302
    rule = Rule.objects.get(code="ROS-SCALP")
    browser.post(
        reverse("admin:intake_rule_change", args=[rule.pk]), rule_form(code="RENAMED", hint="Be gentle.")
    )

    assert RuleSetVersion.objects.get().token != before
    assert Rule.objects.get(pk=rule.pk).code == "ROS-SCALP"
    assert Rule.objects.get(pk=rule.pk).hint == "Be gentle."


def test_rules_are_retired_not_deleted(as_user, clinic_admin):
    browser = as_user(clinic_admin)
    rule = Rule.objects.get(code="KELOID")
    changelist = reverse("admin:intake_rule_changelist")

    response = browser.post(changelist, {"action": "retire", "_selected_action": [rule.pk]})

    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.retired and not rule.enabled
    assert browser.get(reverse("admin:intake_rule_delete", args=[rule.pk])).status_code == 403
    assert (
        "delete_selected"
        not in browser.get(changelist).context["action_form"].fields["action"].choices[1:][0]
    )


def test_front_desk_cannot_open_the_rule_admin(as_user, front_desk):
    response = as_user(front_desk).get(ADD_RULE)

    assert response.status_code == 302 and "/login/" in response["Location"]
