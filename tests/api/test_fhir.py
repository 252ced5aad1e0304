"""The FHIR R4 export, validated with fhir.resources (its R4B models), not by matching strings."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from fhir.resources.R4B import get_fhir_model_class

from intake.models import AuditEntry, FlagStatus, Method, Treatment
from intake.services.booking import BookingRequest, appointment_acknowledge, appointment_book
from intake.services.intakes import intake_submit
from tests.factories import ClientFactory, document

pytestmark = pytest.mark.django_db
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"


def url(client) -> str:
    """The $everything URL of a client."""
    return f"/fhir/Patient/{client.pk}/$everything"


@pytest.fixture
def history(front_desk, aesthetician, practitioner, at, today):
    """A client with two intake versions (the second rich) and an appointment with an acknowledged caution."""
    client = ClientFactory(first_name="Amira", last_name="Haddad", phone="07700 900123")
    intake_submit(client=client, document=document(client, intake_date=today), by=front_desk)
    rich = document(
        client,
        intake_date=today,
        skin={"fitzpatrick": 3, "sensitive": True},
        conditions=[{"code": "eczema", "status": "remission", "sites": ["face", "hands"]}],
        medications=[{"code": "isotretinoin", "current": False, "last_taken": "2020-01-01"}],
        procedures=[{"code": "waxing", "date": "2020-06-01", "sites": ["face"]}],
        answers={"aluminium_allergy": True, "pregnant": False},
    )
    intake_submit(client=client, document=rich, by=front_desk)
    treatment = Treatment.objects.get(code="microdermabrasion-face")
    tip = Method.objects.get(code="diamond-tip")
    booking = BookingRequest(
        client=client, treatment=treatment, practitioner=practitioner, start=at(10), method=tip
    )
    appointment = appointment_book(request=booking, by=front_desk)
    caution = appointment.findings.filter(level="caution").first()
    appointment_acknowledge(finding=caution, by=aesthetician, note="Gentle only")
    return client


def resources_of(bundle: dict) -> dict[str, list[dict]]:
    """The bundle's resources by type, each validated by its own FHIR R4B model."""
    found = {}
    for entry in bundle["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
        found.setdefault(resource["resourceType"], []).append(resource)
    return found


def test_everything_is_a_valid_r4_bundle_of_the_whole_record(api, aesthetician, history):
    answer = api(aesthetician).get(url(history))
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/fhir+json"
    bundle = json.loads(answer.content)
    get_fhir_model_class("Bundle").model_validate(bundle)
    assert bundle["type"] == "searchset"
    found = resources_of(bundle)
    assert set(found) == {
        "Patient", "Condition", "MedicationStatement", "Procedure", "AllergyIntolerance", "Questionnaire",
        "QuestionnaireResponse", "DetectedIssue", "Flag", "Appointment",
    }  # fmt: skip
    [patient] = found["Patient"]
    assert (patient["birthDate"], patient["name"][0]["family"]) == ("1990-04-01", "Haddad")
    [condition] = found["Condition"]
    assert condition["clinicalStatus"]["coding"] == [{"system": CONDITION_CLINICAL, "code": "remission"}]
    assert [site["coding"][0]["code"] for site in condition["bodySite"]] == ["face", "hands"]
    [medication] = found["MedicationStatement"]
    assert (medication["status"], medication["effectiveDateTime"]) == ("completed", "2020-01-01")
    assert found["Procedure"][0]["bodySite"][0]["coding"][0]["code"] == "face"
    assert found["AllergyIntolerance"][0]["code"]["coding"][0]["code"] == "aluminium"
    assert all(entry["fullUrl"].startswith("http://testserver/fhir/") for entry in bundle["entry"])
    assert AuditEntry.objects.filter(action="view", client_id=history.pk).exists()


def test_every_intake_version_answers_the_questionnaire(api, aesthetician, history):
    found = resources_of(api(aesthetician).get(url(history)).json())
    [questionnaire] = found["Questionnaire"]
    asked = set()

    def walk(items):
        for item in items:
            asked.add(item["linkId"])
            walk(item.get("item", []))

    walk(questionnaire["item"])
    responses = found["QuestionnaireResponse"]
    assert [response["identifier"]["value"] for response in responses] == [
        f"{history.pk}/v2",
        f"{history.pk}/v1",
    ]
    answered = set()

    def collect(items):
        for item in items:
            answered.add(item["linkId"])
            collect(item.get("item", []))

    collect(responses[0]["item"])
    assert answered <= asked
    assert {"answers.aluminium_allergy", "conditions.sites", "skin.fitzpatrick"} <= answered
    assert all(response["questionnaire"] == questionnaire["url"] for response in responses)


def test_findings_are_detected_issues_and_open_flags_are_flags(api, aesthetician, history):
    found = resources_of(api(aesthetician).get(url(history)).json())
    flags = history.flags.exclude(status=FlagStatus.RESOLVED)
    appointment = history.appointments.get()
    issues = found["DetectedIssue"]
    assert len(issues) == flags.count() + appointment.findings.count()
    on_appointment = [issue for issue in issues if "implicated" in issue]
    assert all(
        issue["implicated"] == [{"reference": f"Appointment/{appointment.pk}"}] for issue in on_appointment
    )
    acknowledged = [issue for issue in on_appointment if "mitigation" in issue]
    assert acknowledged[0]["mitigation"][0]["action"]["text"] == "Acknowledged. Gentle only"
    assert {issue["severity"] for issue in issues} <= {"high", "moderate", "low"}
    assert len(found["Flag"]) == flags.filter(status=FlagStatus.OPEN).count()
    [booked] = found["Appointment"]
    assert booked["serviceType"][0]["coding"][0]["code"] == "microdermabrasion-face"
    assert booked["participant"][0]["actor"] == {"reference": f"Patient/{history.pk}"}


def test_a_client_without_intake_is_just_a_patient(api, front_desk, client_record):
    bundle = api(front_desk).get(url(client_record)).json()
    assert [entry["resource"]["resourceType"] for entry in bundle["entry"]] == ["Patient"]


def test_errors_are_operation_outcomes(api, front_desk, client_record):
    missing = api(front_desk).get(f"/fhir/Patient/{client_record.pk + 100}/$everything")
    assert missing.status_code == 404
    outcome = missing.json()
    get_fhir_model_class("OperationOutcome").model_validate(outcome)
    assert outcome["issue"][0]["code"] == "not-found"
    anonymous = api().get(url(client_record))
    assert (anonymous.status_code, anonymous.json()["issue"][0]["code"]) == (401, "login")


def test_the_command_prints_the_same_bundle(history):
    out = StringIO()
    call_command("export_fhir", str(history.pk), "--base-url", "https://clinic.example/fhir", stdout=out)
    bundle = json.loads(out.getvalue())
    get_fhir_model_class("Bundle").model_validate(bundle)
    assert bundle["entry"][0]["fullUrl"] == f"https://clinic.example/fhir/Patient/{history.pk}"
    with pytest.raises(CommandError, match="no client has the id"):
        call_command("export_fhir", str(history.pk + 100))
