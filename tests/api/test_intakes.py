"""The intakes endpoints: versions of a client's intake, in the intake-document JSON."""

import pytest

from intake.models import AuditEntry, Intake
from tests.factories import UserFactory, document

pytestmark = pytest.mark.django_db


def url(client, version=None) -> str:
    """The intakes URL of a client, or of one of its versions."""
    base = f"/api/v1/clients/{client.pk}/intakes/"
    return f"{base}{version}/" if version else base


def test_posting_a_document_stores_a_new_version_through_intake_submit(
    api, aesthetician, client_record, today
):
    sent = document(
        client_record,
        intake_date=today,
        conditions=[{"code": "eczema", "status": "active", "sites": ["face"]}],
    )
    answer = api(aesthetician).post(url(client_record), sent, format="json")
    assert answer.status_code == 201, answer.json()
    assert answer["Location"] == url(client_record, 1)
    stored = answer.json()
    assert stored["intake_version"] == 1
    assert stored["conditions"] == [{"code": "eczema", "status": "active", "sites": ["face"]}]
    intake = Intake.objects.get(client=client_record)
    assert (intake.source, intake.created_by) == (Intake.Source.IMPORT, aesthetician)
    assert client_record.flags.filter(rule__code="ECZ-ACTIVE").exists()


def test_a_version_reads_back_as_the_stored_document(api, front_desk, client_with_intake):
    http = api(front_desk)
    listed = http.get(url(client_with_intake)).json()
    assert [(row["version"], row["is_current"]) for row in listed["results"]] == [(1, True)]
    assert listed["results"][0]["recorded_by"] == "frontdesk"
    version = http.get(url(client_with_intake, 1))
    assert version.status_code == 200
    assert version.json()["client"]["date_of_birth"] == client_with_intake.date_of_birth.isoformat()
    assert AuditEntry.objects.filter(action="view", client_id=client_with_intake.pk).count() == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"conditions": [{"code": "exzema", "status": "active"}]}, "conditions[0].code"),
        ({"skin": {"fitzpatrick": "three"}}, "skin.fitzpatrick"),
        ({"intake_date": "20/11/2026"}, "intake_date"),
        ({"client": {"date_of_birth": "1970-01-01"}}, "client.date_of_birth"),
    ],
)
def test_a_bad_document_is_a_400_naming_the_field(api, front_desk, client_record, today, change, field):
    sent = {**document(client_record, intake_date=today), **change}
    answer = api(front_desk).post(url(client_record), sent, format="json")
    assert answer.status_code == 400
    assert list(answer.json()) == [field]
    assert not Intake.objects.exists()


def test_a_body_that_is_not_an_object_is_a_400(api, front_desk, client_record):
    answer = api(front_desk).post(url(client_record), [1, 2], format="json")
    assert answer.status_code == 400
    assert "JSON object" in answer.json()["non_field_errors"][0]


def test_unknown_client_and_version_are_404(api, front_desk, client_with_intake, today):
    http = api(front_desk)
    assert http.get(url(client_with_intake, 7)).status_code == 404
    missing = type(client_with_intake)(pk=client_with_intake.pk + 100)
    assert http.get(url(missing)).status_code == 404
    assert http.post(url(missing), document(intake_date=today), format="json").status_code == 404


def test_a_user_without_a_role_may_not_post(api, client_record, today):
    answer = api(UserFactory()).post(
        url(client_record), document(client_record, intake_date=today), format="json"
    )
    assert answer.status_code == 403
