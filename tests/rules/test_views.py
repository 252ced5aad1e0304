"""The rule pages (reference, what-if) and the screening panel of the client page."""

import datetime
import json

import pytest
from django.urls import reverse

from intake.models import Rule, RuleSetVersion
from intake.rules.loader import client_screenings
from intake.services.intakes import intake_submit
from intake.services.rules import rule_retire
from intake.templatetags.screening import screening_panel_html
from tests.factories import ClientFactory, document

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.rules.urls")]
FLARE = {"conditions": [{"code": "eczema", "status": "active", "sites": ["face"]}]}


@pytest.fixture
def client_with_flare(db):
    """A client whose intake (version 1, 20 Nov 2026) reports an eczema flare-up at the face."""
    client = ClientFactory(first_name="Amira", last_name="Haddad")
    intake_submit(client=client, document=document(client, **FLARE), by=None)
    return client


def test_the_rule_reference_lists_every_rule_retired_ones_too(as_user, front_desk):
    rule_retire(rule=Rule.objects.get(code="KELOID"))

    response = as_user(front_desk).get(reverse("rules:reference"))

    assert response.status_code == 200
    page = response.content.decode()
    for code in Rule.objects.values_list("code", flat=True):
        assert f'id="{code.lower()}"' in page
    assert "retired on" in page
    assert 'id="kind-procedure"' in page


def test_the_rule_pages_need_a_signed_in_user(client):
    response = client.get(reverse("rules:reference"))

    assert response.status_code == 302 and "/login/" in response["Location"]


def test_only_rule_editors_may_try_a_change(as_user, front_desk, aesthetician):
    assert as_user(front_desk).get(reverse("rules:what_if")).status_code == 403
    assert as_user(aesthetician).get(reverse("rules:what_if")).status_code == 403


def what_if(**fields) -> dict:
    """POST data of the what-if page: a change to ECZ-ACTIVE (caution instead) for a client."""
    data = {
        "rule": "ECZ-ACTIVE",
        "date": "2026-12-01",
        "kind": "condition",
        "params": json.dumps({"conditions": ["eczema"], "statuses": ["active"]}),
        "level": "caution",
        "site_scope": "any",
        "message": "Active eczema flare-up",
        "hint": "Treat very gently.",
        "enabled": "on",
    }
    return {**data, **fields}


def test_a_rule_change_is_tried_on_a_client_side_by_side_and_nothing_is_saved(
    as_user, clinic_admin, client_with_flare
):
    before = (RuleSetVersion.objects.get().token, Rule.objects.get(code="ECZ-ACTIVE").level)

    response = as_user(clinic_admin).post(reverse("rules:what_if"), what_if(client=client_with_flare.pk))

    assert response.status_code == 200
    face, scalp = response.context["comparisons"]
    assert face.before.worst.slug == "contraindicated" and face.after.worst.slug == "caution"
    assert face.changed and face.new_codes == ["ECZ-ACTIVE"]
    assert "Treat very gently." in response.content.decode()
    assert (RuleSetVersion.objects.get().token, Rule.objects.get(code="ECZ-ACTIVE").level) == before


def test_a_new_rule_can_be_tried_before_it_exists(as_user, clinic_admin, client_with_flare):
    response = as_user(clinic_admin).post(
        reverse("rules:what_if"),
        what_if(
            rule="", code="ECZ-ANY", level="advice", client=client_with_flare.pk, message="Eczema on file"
        ),
    )

    face, _ = response.context["comparisons"]
    assert face.new_codes == ["ECZ-ANY"] and not face.gone
    assert not Rule.objects.filter(code="ECZ-ANY").exists()


def test_an_invalid_change_shows_the_form_errors_and_screens_nothing(
    as_user, clinic_admin, client_with_flare
):
    response = as_user(clinic_admin).post(
        reverse("rules:what_if"),
        what_if(
            client=client_with_flare.pk, params=json.dumps({"conditions": ["eczma"], "statuses": ["active"]})
        ),
    )

    assert response.context["comparisons"] is None
    assert "unknown conditions code “eczma”" in response.content.decode()


def test_the_what_if_page_starts_from_the_rule_chosen(as_user, clinic_admin, client_with_flare):
    response = as_user(clinic_admin).get(
        reverse("rules:what_if"), {"rule": "ISO-WINDOW", "client": client_with_flare.pk}
    )

    form = response.context["rule_form"]
    assert form.instance.code == "ISO-WINDOW" and form.fields["code"].disabled
    assert 'value="ISO-WINDOW"' in response.content.decode()


def test_the_screening_panel_makes_the_level_obvious(client_with_flare):
    screenings = client_screenings(client_with_flare, on=datetime.date(2026, 12, 1))

    html = screening_panel_html(screenings)

    assert "Facial microdermabrasion" in html and "Scalp microdermabrasion" in html
    assert "Contraindicated — do not book" in html and "text-bg-danger" in html
    assert "Active eczema flare-up" in html
    assert "— eczema, active at face (intake v1, 20 Nov 2026)." in html
    assert "Wait until the flare-up subsides" in html
    assert "as of 1 Dec 2026" in html


def test_the_client_page_shows_the_screening_panel(as_user, front_desk, client_with_flare):
    response = as_user(front_desk).get(client_with_flare.get_absolute_url())

    assert "Contraindicated — do not book" in response.content.decode()
    assert [treatment.code for treatment, _ in response.context["screenings"]] == [
        "microdermabrasion-face",
        "microdermabrasion-scalp",
    ]


def test_the_screening_panel_escapes_names_and_says_when_there_is_nothing_to_screen():
    from types import SimpleNamespace

    from intake.rules.engine import ScreeningResult

    day = datetime.date(2026, 12, 1)
    result = ScreeningResult(treatment="peel", date=day, findings=(), max_intensity="<b>Gentle</b>")
    html = screening_panel_html([(SimpleNamespace(name="Peel & <i>glow</i>"), result)])

    assert "Peel &amp; &lt;i&gt;glow&lt;/i&gt;" in html
    assert "intensity at most &lt;b&gt;Gentle&lt;/b&gt;" in html
    assert "No findings — bookable" in html and "as of 1 Dec 2026" in html
    empty = screening_panel_html([])
    assert "No active treatments to screen for." in empty and "as of" not in empty
