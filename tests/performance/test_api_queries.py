"""Query budgets of the API's lists and records and of the FHIR export: the same number of queries
for a small clinic and a large one (signed in with a session, as the API's docs page is; three
queries are the request's own, as on the pages)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

BUDGETS = {
    "clients": 5,
    "appointments": 7,  # one more when a finding was acknowledged (who acknowledged it)
    "flags": 5,
    "intake versions": 9,
    "intake document": 15,
    "appointment": 9,
    "FHIR export": 19,
    "screening": 11,  # the audit entry, the rules' stamp, the intake, its entries and visits (one)
}


def get(http, url: str, budget: str, assert_max_queries, **params):
    """GET an API resource within its query budget; its JSON."""
    with assert_max_queries(BUDGETS[budget]):
        response = http.get(url, params)
    assert response.status_code == 200
    return response.json()


def test_client_list(clinic, as_user, front_desk, django_assert_max_num_queries):
    http = as_user(front_desk)
    page = get(http, reverse("api:client-list"), "clients", django_assert_max_num_queries)
    assert len(page["results"]) == min(page["count"], 25)
    get(http, reverse("api:client-list"), "clients", django_assert_max_num_queries, q=clinic.client.last_name)


def test_appointment_and_flag_lists(clinic, as_user, front_desk, django_assert_max_num_queries):
    http = as_user(front_desk)
    day = get(
        http, reverse("api:appointment-list"), "appointments", django_assert_max_num_queries, date=clinic.day
    )
    assert day["count"] >= 1
    get(http, reverse("api:appointment-list"), "appointments", django_assert_max_num_queries)
    flags = get(http, reverse("api:flag-list"), "flags", django_assert_max_num_queries, status="open")
    assert flags["count"] >= 1
    get(http, reverse("api:flag-list"), "flags", django_assert_max_num_queries, client=clinic.client.pk)


def test_a_clients_records(clinic, as_user, front_desk, django_assert_max_num_queries):
    http, client = as_user(front_desk), clinic.client
    versions = get(
        http, reverse("api:intake-list", args=[client.pk]), "intake versions", django_assert_max_num_queries
    )
    latest = versions["results"][0]["version"]
    get(
        http,
        reverse("api:intake-detail", args=[client.pk, latest]),
        "intake document",
        django_assert_max_num_queries,
    )
    get(
        http,
        reverse("api:appointment-detail", args=[clinic.appointment.pk]),
        "appointment",
        django_assert_max_num_queries,
    )
    bundle = get(
        http,
        reverse("fhir:patient-everything", args=[client.pk]),
        "FHIR export",
        django_assert_max_num_queries,
    )
    assert bundle["resourceType"] == "Bundle"


def test_screening_a_client(clinic, as_user, front_desk, django_assert_max_num_queries):
    http = as_user(front_desk)
    body = {"client": clinic.client.pk, "treatment": "microdermabrasion-face", "date": clinic.day.isoformat()}
    with django_assert_max_num_queries(BUDGETS["screening"]):
        response = http.post(reverse("api:screening"), body, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["findings"]
