"""Error answers: a URL under the API that matches nothing is a JSON 404; pages keep theirs."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/v1/clients/abc/", "/fhir/Patient/x/$everything", "/cds-services/a b"])
def test_an_unmatched_api_url_is_a_json_404(api, front_desk, path):
    answer = api(front_desk).get(path)
    assert answer.status_code == 404
    assert answer.json() == {"detail": "Not found."}


def test_pages_keep_their_html_404(client):
    answer = client.get("/no-such-page/")
    assert answer.status_code == 404
    assert answer["Content-Type"].startswith("text/html")


def test_an_id_beyond_the_database_range_is_a_400_not_a_crash(api, front_desk):
    answer = api(front_desk).get("/api/v1/flags/", {"client": 2**70})
    assert answer.status_code == 400
    assert "client" in answer.json()


BEYOND = 2**63  # one more than the largest id the database holds


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/clients/{BEYOND}/",
        f"/api/v1/clients/{BEYOND}/intakes/1/",
        f"/api/v1/clients/1/intakes/{BEYOND}/",
        f"/fhir/Patient/{BEYOND}/$everything",
    ],
)
def test_an_id_beyond_the_database_range_in_an_api_url_is_a_json_404(api, front_desk, path):
    answer = api(front_desk).get(path)
    assert answer.status_code == 404
    assert answer.json() == {"detail": "Not found."}


@pytest.mark.parametrize(
    "path",
    [f"/clients/{BEYOND}/intake/v1/", f"/clients/{BEYOND}/intake/v1/check/", f"/appointments/{BEYOND}/"],
)
def test_an_id_beyond_the_database_range_in_a_page_url_is_a_404(client, front_desk, path):
    client.force_login(front_desk)
    assert client.get(path).status_code == 404
