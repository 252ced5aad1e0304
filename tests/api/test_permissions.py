"""Who may do what with a token: the API grants each role exactly what its pages grant, no more.

(Session answers, with two-factor, are in tests/security/test_authorization_matrix.py.)
"""

import pytest
from django.test import Client as DjangoClient
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import UserFactory, document

pytestmark = pytest.mark.django_db
CREATED, OK, FORBIDDEN = 201, 200, 403

# role -> answer to: list clients, register, change, list intakes, post an intake, screen,
# list appointments, book, book with an override, list flags
ANSWERS = {
    "front_desk": [OK, CREATED, OK, OK, CREATED, OK, OK, CREATED, FORBIDDEN, OK],
    "aesthetician": [OK, FORBIDDEN, OK, OK, CREATED, OK, OK, CREATED, FORBIDDEN, OK],
    "clinic_admin": [OK, CREATED, OK, OK, CREATED, OK, OK, CREATED, CREATED, OK],
    "no_role": [FORBIDDEN] * 10,
}


@pytest.fixture
def no_role(db):
    """A signed-up user with no role at all."""
    return UserFactory(username="norole")


@pytest.mark.parametrize("role", list(ANSWERS))
def test_each_role_gets_what_its_pages_allow(request, role, api, client_with_intake, practitioner, at, today):
    http = api(request.getfixturevalue(role))
    client = f"/api/v1/clients/{client_with_intake.pk}/"
    booking = {
        "client": client_with_intake.pk,
        "treatment": "microdermabrasion-face",
        "practitioner": practitioner.pk,
    }
    calls = [
        http.get("/api/v1/clients/"),
        http.post("/api/v1/clients/", {"first_name": role, "last_name": "X", "date_of_birth": "1990-01-01"}),
        http.patch(client, {"notes": role}),
        http.get(f"{client}intakes/"),
        http.post(f"{client}intakes/", document(client_with_intake, intake_date=today)),
        http.post(
            "/api/v1/screening/",
            {"client": client_with_intake.pk, "treatment": "microdermabrasion-face", "date": today},
        ),
        http.get("/api/v1/appointments/"),
        http.post("/api/v1/appointments/", {**booking, "start": at(10).isoformat()}),
        http.post(
            "/api/v1/appointments/", {**booking, "start": at(12).isoformat(), "override_reason": "why"}
        ),
        http.get("/api/v1/flags/"),
    ]
    assert [answer.status_code for answer in calls] == ANSWERS[role]


def test_no_token_is_a_401_asking_for_one(api):
    answer = api().get("/api/v1/clients/")
    assert answer.status_code == 401
    assert answer["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("keyword", ["Token", "Bearer"])
def test_the_token_works_as_token_or_bearer(api, front_desk, keyword):
    assert api(front_desk, keyword=keyword).get("/api/v1/flags/").status_code == 200


@pytest.mark.parametrize("keyword", ["Token", "Bearer"])
def test_a_wrong_or_revoked_token_is_a_401(api, front_desk, keyword):
    http = api(front_desk, keyword=keyword)
    Token.objects.filter(user=front_desk).delete()
    answer = http.get("/api/v1/flags/")
    assert answer.status_code == 401 and answer.json() == {"detail": "Invalid token."}
    wrong = APIClient(HTTP_AUTHORIZATION=f"{keyword} not-a-token\x00")
    assert wrong.get("/api/v1/flags/").json() == {"detail": "Invalid token."}


def test_a_token_of_a_deactivated_user_is_a_401(api, front_desk):
    http = api(front_desk)
    front_desk.is_active = False
    front_desk.save()
    answer = http.get("/api/v1/flags/")
    assert answer.status_code == 401 and answer.json() == {"detail": "User inactive or deleted."}



def test_session_writes_need_the_csrf_token_token_writes_do_not(api, front_desk):
    browser = DjangoClient(enforce_csrf_checks=True)
    browser.force_login(front_desk)
    body = {"first_name": "A", "last_name": "B", "date_of_birth": "1990-01-01"}
    refused = browser.post("/api/v1/clients/", body, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    browser.get("/clients/")  # any page sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    allowed = browser.post("/api/v1/clients/", body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert allowed.status_code == 201
    assert (
        api(front_desk).post("/api/v1/clients/", {**body, "first_name": "C"}, format="json").status_code
        == 201
    )
