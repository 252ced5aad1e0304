"""POST /api/v1/screening/: what-if screening, answering exactly what `screen --format json` prints."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from intake.models import AuditEntry, Intake
from tests.rules.test_screen_command import DOCUMENT

pytestmark = pytest.mark.django_db
URL = "/api/v1/screening/"


def command_output(tmp_path, *options) -> dict:
    """What the `screen` command prints for the contract's example document."""
    path = tmp_path / "document.json"
    path.write_text(json.dumps(DOCUMENT))
    out = StringIO()
    call_command("screen", str(path), "--format", "json", *options, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize("extra", [{}, {"method": "crystal", "intensity": "intense"}])
def test_a_document_screens_exactly_as_the_command_prints(api, aesthetician, tmp_path, extra):
    request = {"document": DOCUMENT, "treatment": "microdermabrasion-face", "date": "2026-12-01", **extra}
    answer = api(aesthetician).post(URL, request, format="json")
    assert answer.status_code == 200, answer.json()
    options = [f"--{name}={value}" for name, value in extra.items()]
    expected = command_output(
        tmp_path, "--treatment", "microdermabrasion-face", "--date", "2026-12-01", *options
    )
    assert answer.json() == expected
    assert answer.json()["worst"] == "contraindicated"


def test_a_client_screens_on_their_current_intake_and_the_read_is_audited(
    api, front_desk, client_with_intake
):
    request = {"client": client_with_intake.pk, "treatment": "microdermabrasion-scalp", "date": "2030-01-02"}
    answer = api(front_desk).post(URL, request, format="json")
    assert answer.status_code == 200
    codes = [finding["code"] for finding in answer.json()["findings"]]
    assert "INTAKE-EXPIRED" in codes
    assert AuditEntry.objects.filter(action="view", client_id=client_with_intake.pk, page=URL).exists()
    assert Intake.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field", "text"),
    [
        ({"treatment": "laser-face"}, "treatment", "unknown code “laser-face”"),
        ({"treatment": "consultation-face"}, "treatment", "unknown code"),
        ({"method": "sandpaper"}, "method", "unknown code “sandpaper”"),
        ({"intensity": 3}, "intensity", "must be a code"),
        ({"date": "1 Dec"}, "date", "Date has wrong format"),
        (
            {"document": {**DOCUMENT, "medications": [{"code": "isotretinion"}]}},
            "document",
            "medications[0].code: unknown code “isotretinion”",
        ),
        ({"client": 1}, "document", "not both"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(api, front_desk, client_record, change, field, text):
    request = {"document": DOCUMENT, "treatment": "microdermabrasion-face", "date": "2026-12-01", **change}
    if "client" in change:
        request["client"] = client_record.pk
    answer = api(front_desk).post(URL, request, format="json")
    assert answer.status_code == 400
    assert list(answer.json()) == [field]
    assert text in answer.json()[field][0]


def test_screening_needs_a_document_or_a_client(api, front_desk):
    answer = api(front_desk).post(
        URL, {"treatment": "microdermabrasion-face", "date": "2026-12-01"}, format="json"
    )
    assert answer.status_code == 400
    assert "document" in answer.json()


def test_screening_is_only_posted(api, front_desk):
    assert api(front_desk).get(URL).status_code == 405


@pytest.mark.parametrize(
    ("client", "text"),
    [
        (0, 'Invalid pk "0" - object does not exist.'),
        (2**70, "object does not exist"),
        ("12abc", "Incorrect type. Expected pk value, received str."),
        (2.5, "Incorrect type. Expected pk value, received float."),
        (True, "Incorrect type. Expected pk value, received bool."),
        ([1], "Incorrect type. Expected pk value, received list."),
    ],
)
def test_a_client_that_is_not_there_is_a_400_naming_the_field(api, front_desk, client, text):
    request = {"client": client, "treatment": "microdermabrasion-face", "date": "2026-12-01"}
    answer = api(front_desk).post(URL, request, format="json")
    assert answer.status_code == 400
    assert list(answer.json()) == ["client"]
    assert text in answer.json()["client"][0]


def test_a_client_may_be_named_by_digits(api, front_desk, client_with_intake):
    request = {"client": str(client_with_intake.pk), "treatment": "microdermabrasion-face"}
    request["date"] = "2030-01-02"
    answer = api(front_desk).post(URL, request, format="json")
    assert answer.status_code == 200 and answer.json()["treatment"] == "microdermabrasion-face"


def test_a_code_holding_a_nul_character_is_a_400_naming_the_field(api, front_desk):
    request = {"document": DOCUMENT, "treatment": "microdermabrasion\x00face", "date": "2026-12-01"}
    answer = api(front_desk).post(URL, request, format="json")
    assert answer.status_code == 400
    assert list(answer.json()) == ["treatment"]
