"""The clients endpoints: search, register, read (audited), change, with the registration form's rules."""

import datetime

import pytest
from django.utils import timezone

from intake.models import AuditEntry, Client
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/clients/"


def test_search_finds_clients_as_the_client_list_does(api, front_desk):
    ClientFactory(first_name="Amira", last_name="Haddad")
    ClientFactory(first_name="Ben", last_name="Okafor")
    answer = api(front_desk).get(URL, {"q": "hadd"})
    assert answer.status_code == 200
    assert answer.json()["count"] == 1
    assert answer.json()["results"][0]["last_name"] == "Haddad"


def test_the_list_is_paginated(api, front_desk):
    ClientFactory.create_batch(30)
    first = api(front_desk).get(URL).json()
    assert (first["count"], len(first["results"])) == (30, 25)
    second = api(front_desk).get(first["next"]).json()
    assert len(second["results"]) == 5
    assert api(front_desk).get(URL, {"page": 9}).status_code == 404


def test_front_desk_registers_a_client_through_the_service(api, front_desk):
    answer = api(front_desk).post(
        URL,
        {
            "first_name": "Amira",
            "last_name": "Haddad",
            "date_of_birth": "1990-04-01",
            "email": "a@example.com",
        },
        format="json",
    )
    assert answer.status_code == 201, answer.json()
    client = Client.objects.get(pk=answer.json()["id"])
    assert client.created_by == front_desk
    assert client.history.get().history_user == front_desk


def test_the_form_rules_apply_duplicate_and_future_birth(api, front_desk):
    ClientFactory(first_name="Amira", last_name="Haddad", date_of_birth=datetime.date(1990, 4, 1))
    http = api(front_desk)
    duplicate = http.post(
        URL, {"first_name": "amira", "last_name": "HADDAD", "date_of_birth": "1990-04-01"}, format="json"
    )
    assert duplicate.status_code == 400
    assert "already registered" in duplicate.json()["non_field_errors"][0]
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    future = http.post(URL, {"first_name": "A", "last_name": "B", "date_of_birth": tomorrow}, format="json")
    assert future.status_code == 400
    assert "future" in future.json()["date_of_birth"][0]


def test_wrong_types_name_the_field(api, front_desk):
    answer = api(front_desk).post(
        URL, {"first_name": ["x"], "last_name": "B", "date_of_birth": "yesterday"}, format="json"
    )
    assert answer.status_code == 400
    assert set(answer.json()) == {"first_name", "date_of_birth"}


def test_bad_json_is_a_400(api, front_desk):
    answer = api(front_desk).post(URL, "{not json", content_type="application/json")
    assert answer.status_code == 400
    assert "JSON parse error" in answer.json()["detail"]


def test_an_aesthetician_may_not_register_a_client(api, aesthetician):
    answer = api(aesthetician).post(
        URL, {"first_name": "A", "last_name": "B", "date_of_birth": "1990-04-01"}, format="json"
    )
    assert answer.status_code == 403
    assert not Client.objects.exists()


def test_reading_a_client_is_audited(api, aesthetician, client_record):
    answer = api(aesthetician).get(f"{URL}{client_record.pk}/")
    assert answer.status_code == 200
    assert answer.json()["first_name"] == "Amira"
    entry = AuditEntry.objects.filter(action="view").get()
    assert (entry.client_id, entry.user, entry.page) == (
        client_record.pk,
        aesthetician,
        f"{URL}{client_record.pk}/",
    )


def test_patch_changes_one_field_through_the_service(api, aesthetician, client_record):
    answer = api(aesthetician).patch(f"{URL}{client_record.pk}/", {"phone": "07700 900123"}, format="json")
    assert answer.status_code == 200, answer.json()
    client_record.refresh_from_db()
    assert (client_record.phone, client_record.first_name) == ("07700 900123", "Amira")
    assert client_record.history.first().history_user == aesthetician


def test_an_unknown_client_is_404(api, front_desk):
    assert api(front_desk).get(f"{URL}999999/").status_code == 404
