"""The intake form: a submit is a new version; bad rows are explained and nothing typed is lost."""

import pytest
from django.urls import reverse

from intake.models import Intake
from intake.services.intakes import intake_submit
from tests.factories import document

pytestmark = pytest.mark.django_db

EMPTY_FORMSETS = {
    f"{prefix}-{key}": value
    for prefix in ("conditions", "medications", "procedures", "prior_treatments")
    for key, value in (("TOTAL_FORMS", "1"), ("INITIAL_FORMS", "0"))
}


def form_data(**fields) -> dict:
    return {**EMPTY_FORMSETS, "intake_date": "2026-11-20", **fields}


def test_active_eczema_on_the_face_is_saved_and_shown(as_user, front_desk, client_record):
    http = as_user(front_desk)
    url = reverse("intake:intake_create", args=[client_record.pk])
    response = http.post(
        url,
        form_data(
            **{
                "conditions-0-condition": "eczema",
                "conditions-0-status": "active",
                "conditions-0-sites": ["face"],
                "consent_given": "on",
                "consent_name": "Amira Haddad",
            }
        ),
    )
    assert response.status_code == 302
    intake = Intake.objects.get(client=client_record)
    assert intake.conditions.get().status == "active"
    page = http.get(client_record.get_absolute_url()).content.decode()
    assert "Eczema (atopic dermatitis)</strong> — Active (flare-up now) (Face)" in page
    assert "Current intake: version 1" in page


def test_form_starts_from_the_current_version(as_user, front_desk, client_record):
    intake_submit(
        client=client_record,
        document=document(
            client_record, conditions=[{"code": "psoriasis", "status": "remission", "sites": ["scalp"]}]
        ),
        by=front_desk,
    )
    response = as_user(front_desk).get(reverse("intake:intake_create", args=[client_record.pk]))
    row = response.context["formsets"]["conditions"].forms[0]
    assert row.initial == {"condition": "psoriasis", "status": "remission", "sites": ["scalp"]}


@pytest.mark.parametrize(
    ("rows", "prefix", "field", "message"),
    [
        (
            {"procedures-0-procedure": "laser", "procedures-0-date": "2026-11-21"},
            "procedures",
            "date",
            "after the intake date",
        ),
        ({"medications-0-medication": "isotretinoin"}, "medications", "last_taken", "Taken now"),
        ({"conditions-0-condition": "eczema"}, "conditions", "status", "This field is required"),
    ],
)
def test_bad_rows_are_explained_and_kept(as_user, front_desk, client_record, rows, prefix, field, message):
    response = as_user(front_desk).post(
        reverse("intake:intake_create", args=[client_record.pk]), form_data(concerns="Dull cheeks", **rows)
    )
    assert response.status_code == 200
    row = response.context["formsets"][prefix].forms[0]
    assert message in " ".join(row.errors[field])
    assert response.context["form"]["concerns"].value() == "Dull cheeks"
    assert not Intake.objects.exists()


def test_consent_without_a_name_is_refused(as_user, front_desk, client_record):
    response = as_user(front_desk).post(
        reverse("intake:intake_create", args=[client_record.pk]), form_data(consent_given="on")
    )
    assert "Enter the full name" in " ".join(response.context["form"].errors["consent_name"])


def test_earlier_version_stays_readable(as_user, aesthetician, front_desk, client_record):
    intake_submit(
        client=client_record, document=document(client_record, skin={"sensitive": True}), by=front_desk
    )
    intake_submit(client=client_record, document=document(client_record), by=front_desk)
    page = as_user(aesthetician).get(reverse("intake:intake_detail", args=[client_record.pk, 1]))
    assert page.status_code == 200
    assert "superseded" in page.content.decode()
    assert "sensitive (self-reported)" in page.content.decode()


def test_aesthetician_cannot_open_another_clients_version_by_url(
    as_user, aesthetician, front_desk, client_record
):
    intake_submit(client=client_record, document=document(client_record), by=front_desk)
    assert (
        as_user(aesthetician).get(reverse("intake:intake_detail", args=[client_record.pk + 1, 1])).status_code
        == 404
    )
