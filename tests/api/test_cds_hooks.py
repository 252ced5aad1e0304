"""The CDS Hooks service, called with requests shaped like the specification's examples."""

import uuid

import pytest
from django.utils import timezone

from api.fhir.systems import code_system, extension_url
from api.models import CdsCard
from intake.models import AuditEntry, BookingAttempt, OverrideReason
from intake.services.intakes import intake_submit
from tests.factories import ClientFactory, document

pytestmark = pytest.mark.django_db
SERVICE = "/cds-services/contraindication-screening"


@pytest.fixture
def flare(front_desk, today):
    """A client with an eczema flare-up on the hands, allergic to aluminium."""
    client = ClientFactory()
    sent = document(
        client,
        intake_date=today,
        conditions=[{"code": "eczema", "status": "active", "sites": ["hands"]}],
        answers={"aluminium_allergy": True},
    )
    intake_submit(client=client, document=sent, by=front_desk)
    return client


def appointment(start, treatment="microdermabrasion-face", **codes) -> dict:
    """A proposed Appointment as an EHR sends it, its method and intensity in the clinic's extensions."""
    return {
        "resourceType": "Appointment",
        "id": "apt1",
        "status": "proposed",
        "serviceType": [{"coding": [{"system": code_system("treatment"), "code": treatment}]}],
        "description": "Microdermabrasion",
        "start": start.isoformat(),
        "end": (start + timezone.timedelta(hours=1)).isoformat(),
        "participant": [
            {"actor": {"reference": "Patient/example"}, "required": "required", "status": "needs-action"}
        ],
        "extension": [
            {"url": extension_url(name), "valueCoding": {"code": code}} for name, code in codes.items()
        ],
    }


def hook_request(client, *appointments) -> dict:
    """An appointment-book request as in the specification's example."""
    return {
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "fhirServer": "http://fhir.example.org",
        "hook": "appointment-book",
        "context": {
            "userId": "PractitionerRole/A2340113",
            "patientId": str(client.pk),
            "encounterId": "89284",
            "appointments": {"resourceType": "Bundle", "entry": [{"resource": a} for a in appointments]},
        },
    }


def test_discovery_lists_the_service_to_anyone(api):
    answer = api().get("/cds-services")
    assert answer.status_code == 200
    [service] = answer.json()["services"]
    assert (service["hook"], service["id"]) == ("appointment-book", "contraindication-screening")


def test_cards_follow_screening_with_indicators_and_override_reasons(api, front_desk, flare, at):
    answer = api(front_desk, keyword="Bearer").post(
        SERVICE, hook_request(flare, appointment(at(10), method="crystal"))
    )
    assert answer.status_code == 200, answer.json()
    cards = answer.json()["cards"]
    by_code = {card["source"]["topic"]["code"]: card for card in cards}
    assert {"ECZ-ACTIVE", "ALU-CRYSTAL"} <= set(by_code)
    assert all(len(card["summary"]) < 140 for card in cards)
    critical = by_code["ECZ-ACTIVE"]
    assert critical["indicator"] == "critical"
    reasons = {reason["display"] for reason in critical["overrideReasons"]}
    assert reasons == set(OverrideReason.objects.filter(active=True).values_list("text", flat=True))
    assert "Evidence:" in critical["detail"]
    assert {card["indicator"] for card in cards} <= {"critical", "warning", "info"}
    assert [card["indicator"] for card in cards if card["source"]["topic"]["code"] == "FACE-AFTERCARE"] in (
        [],
        ["info"],
    )
    assert "overrideReasons" not in next(card for card in cards if card["indicator"] != "critical")
    assert CdsCard.objects.filter(client=flare).count() == len(cards)
    assert AuditEntry.objects.filter(action="view", client_id=flare.pk).exists()


def test_a_caution_is_a_warning(api, front_desk, at, today):
    client = ClientFactory()
    intake_submit(
        client=client, document=document(client, intake_date=today, skin={"sensitive": True}), by=front_desk
    )
    cards = (
        api(front_desk)
        .post(SERVICE, hook_request(client, appointment(at(10), method="diamond-tip")))
        .json()["cards"]
    )
    assert "warning" in {card["indicator"] for card in cards}
    assert "critical" not in {card["indicator"] for card in cards}


def test_appointments_may_come_in_the_prefetch(api, front_desk, flare, at):
    request = hook_request(flare, appointment(at(10)))
    request["prefetch"] = {"appointments": request["context"].pop("appointments")}
    answer = api(front_desk).post(SERVICE, request)
    assert answer.status_code == 200
    assert answer.json()["cards"]


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        (
            lambda r: r["context"].update(patientId="999999"),
            {"context": {"patientId": ["no client has the id “999999”"]}},
        ),
        (lambda r: r.update(hook="order-select"), {"hook": ['"order-select" is not a valid choice.']}),
        (
            lambda r: r["context"].pop("appointments"),
            {"context": {"appointments": ["This field is required."]}},
        ),
    ],
)
def test_bad_requests_name_the_field(api, front_desk, flare, at, change, errors):
    request = hook_request(flare, appointment(at(10)))
    change(request)
    answer = api(front_desk).post(SERVICE, request)
    assert answer.status_code == 400
    assert answer.json() == errors


def test_an_unknown_treatment_or_method_code_names_the_field(api, front_desk, flare, at):
    answer = api(front_desk).post(SERVICE, hook_request(flare, appointment(at(10), treatment="laser")))
    assert answer.status_code == 400
    entry = answer.json()["context"]["appointments"]["entry"]["0"]["resource"]
    assert "laser" in entry["serviceType"][0]
    answer = api(front_desk).post(SERVICE, hook_request(flare, appointment(at(10), method="sandpaper")))
    assert "sandpaper" in answer.json()["context"]["appointments"]["entry"]["0"]["resource"]["extension"][0]


def test_unknown_service_is_404_and_anonymous_calls_are_401(api, front_desk, flare, at):
    assert (
        api(front_desk).post("/cds-services/other", hook_request(flare, appointment(at(10)))).status_code
        == 404
    )
    assert api().post(SERVICE, hook_request(flare, appointment(at(10)))).status_code == 401


def feedback(card_uuid, outcome="overridden", **fields) -> dict:
    """A feedback request as in the specification's example."""
    return {
        "feedback": [
            {"card": card_uuid, "outcome": outcome, "outcomeTimestamp": "2026-11-20T10:00:00Z", **fields}
        ]
    }


@pytest.fixture
def critical_card(api, front_desk, flare, at):
    """The uuid of the critical ECZ-ACTIVE card issued for the flare."""
    cards = api(front_desk).post(SERVICE, hook_request(flare, appointment(at(10)))).json()["cards"]
    return next(card for card in cards if card["source"]["topic"]["code"] == "ECZ-ACTIVE")


def test_an_override_with_a_reason_is_recorded_and_logged(api, clinic_admin, critical_card):
    reason = critical_card["overrideReasons"][0]
    sent = feedback(critical_card["uuid"], overrideReason={"reason": reason, "userComment": "Letter on file"})
    answer = api(clinic_admin).post(f"{SERVICE}/feedback", sent)
    assert answer.status_code == 200, answer.json()
    card = CdsCard.objects.get(uuid=critical_card["uuid"])
    assert (card.outcome, card.reported_by) == ("overridden", clinic_admin)
    assert card.override_reason == f"{reason['display']} — Letter on file"
    attempt = BookingAttempt.objects.get(overridden=True)
    assert (attempt.by, attempt.findings[0]["code"]) == (clinic_admin, "ECZ-ACTIVE")
    assert card.history.first().history_type == "~"
    assert AuditEntry.objects.filter(model="api.cdscard", action="update", user=clinic_admin).exists()


def test_an_override_needs_the_permission_and_a_reason(api, front_desk, clinic_admin, critical_card):
    sent = feedback(critical_card["uuid"], overrideReason={"userComment": "Client insists"})
    assert api(front_desk).post(f"{SERVICE}/feedback", sent).status_code == 403
    no_reason = api(clinic_admin).post(f"{SERVICE}/feedback", feedback(critical_card["uuid"]))
    assert no_reason.status_code == 400
    assert "reason" in no_reason.json()["feedback"]["0"]["overrideReason"][0]
    bad_code = feedback(critical_card["uuid"], overrideReason={"reason": {"code": "99999"}})
    assert (
        "99999"
        in api(clinic_admin)
        .post(f"{SERVICE}/feedback", bad_code)
        .json()["feedback"]["0"]["overrideReason"][0]
    )
    assert not BookingAttempt.objects.filter(overridden=True).exists()


def test_accepted_and_unknown_cards(api, front_desk, critical_card):
    accepted = feedback(critical_card["uuid"], outcome="accepted", acceptedSuggestions=[])
    assert api(front_desk).post(f"{SERVICE}/feedback", accepted).status_code == 200
    assert CdsCard.objects.get(uuid=critical_card["uuid"]).outcome == "accepted"
    unknown = api(front_desk).post(f"{SERVICE}/feedback", feedback(str(uuid.uuid4()), outcome="accepted"))
    assert unknown.status_code == 400
    assert "no card" in unknown.json()["feedback"]["0"]["card"][0]
