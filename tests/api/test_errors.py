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
