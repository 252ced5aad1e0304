"""The flags endpoints: read only, by client and status."""

import pytest

from intake.services.intakes import intake_submit
from tests.factories import ClientFactory, document

pytestmark = pytest.mark.django_db
URL = "/api/v1/flags/"


def test_flags_of_a_client_are_listed_and_read(api, aesthetician, front_desk, today):
    client = ClientFactory()
    flare = [{"code": "eczema", "status": "active", "sites": ["face"]}]
    intake_submit(
        client=client, document=document(client, intake_date=today, conditions=flare), by=front_desk
    )
    http = api(aesthetician)
    listed = http.get(URL, {"client": client.pk, "status": "open"}).json()
    rules = {row["rule"] for row in listed["results"]}
    assert "ECZ-ACTIVE" in rules
    first = listed["results"][0]
    assert (first["client"], first["intake_version"], first["status"]) == (client.pk, 1, "open")
    assert http.get(f"{URL}{first['id']}/").json() == first
    assert http.get(URL, {"client": client.pk + 1}).json()["count"] == 0


def test_flags_cannot_be_written(api, clinic_admin):
    assert api(clinic_admin).post(URL, {}, format="json").status_code == 405


def test_a_bad_filter_names_the_parameter(api, aesthetician):
    answer = api(aesthetician).get(URL, {"client": "x", "status": "shut"})
    assert answer.status_code == 400
    assert set(answer.json()) == {"client", "status"}
