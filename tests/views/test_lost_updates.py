"""Two staff edit the same record: the second save is refused with a link, and nothing is lost."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from intake.models import Intake
from intake.services.intakes import intake_submit
from tests.factories import UserFactory, document

pytestmark = pytest.mark.django_db


def signed_in(user) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


def form_values(response, form_key="form") -> dict:
    """The values a browser would send back for the form as it was rendered."""
    form = response.context[form_key]
    return {name: form[name].value() for name in form.fields if form[name].value() is not None}


def test_second_edit_of_client_details_is_a_conflict_not_an_overwrite(front_desk, client_record):
    colleague = UserFactory(role="Front desk")
    url = reverse("intake:client_update", args=[client_record.pk])
    first, second = signed_in(front_desk), signed_in(colleague)
    mine, theirs = form_values(first.get(url)), form_values(second.get(url))

    assert first.post(url, {**mine, "phone": "07700 900001"}).status_code == 302
    response = second.post(url, {**theirs, "email": "new@example.com"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Someone else saved this client" in text and f'href="{client_record.get_absolute_url()}"' in text
    assert response.context["form"]["email"].value() == "new@example.com"
    original_email = client_record.email
    client_record.refresh_from_db()
    assert (client_record.phone, client_record.email) == ("07700 900001", original_email)

    # Having compared, the colleague saves again on purpose: based on the newest version, it goes in.
    again = second.post(url, {**form_values(response), "phone": "07700 900001", "email": "new@example.com"})
    assert again.status_code == 302
    client_record.refresh_from_db()
    assert (client_record.phone, client_record.email, client_record.version) == (
        "07700 900001",
        "new@example.com",
        3,
    )


def intake_form(response) -> dict:
    values = form_values(response)
    for prefix in response.context["formsets"]:
        values.update({f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-INITIAL_FORMS": "0"})
    values["intake_date"] = str(values["intake_date"])
    return values


def test_second_intake_from_a_stale_form_is_a_conflict(front_desk, aesthetician, client_record):
    intake_submit(client=client_record, document=document(client_record), by=front_desk)
    url = reverse("intake:intake_create", args=[client_record.pk])
    first, second = signed_in(front_desk), signed_in(aesthetician)
    mine, theirs = intake_form(first.get(url)), intake_form(second.get(url))

    assert first.post(url, {**mine, "concerns": "Redness"}).status_code == 302
    response = second.post(url, {**theirs, "goals": "Calm skin"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Someone else saved intake version 2" in text
    assert reverse("intake:intake_detail", args=[client_record.pk, 2]) in text
    assert response.context["form"]["goals"].value() == "Calm skin"
    assert Intake.objects.filter(client=client_record).count() == 2
    assert Intake.objects.get(client=client_record, is_current=True).concerns == "Redness"
