"""Review actions: each changes what it acts on, keeps a review-history row, and is audited."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intake.models import (
    AppointmentStatus,
    AuditEntry,
    Clearance,
    Flag,
    FlagStatus,
    IntakeRequest,
    ReviewAction,
    ReviewActionKind,
    Treatment,
)
from intake.services import booking, review
from intake.services.intakes import intake_submit
from tests.factories import ClientFactory, document, letter

pytestmark = pytest.mark.django_db

ECZEMA_CONTROLLED = [{"code": "eczema", "status": "remission", "sites": ["scalp"]}]
ECZEMA_ACTIVE = [{"code": "eczema", "status": "active", "sites": ["face"]}]


def client_with(conditions, by):
    """A client whose current intake, filled today, reports the conditions."""
    client = ClientFactory()
    today = timezone.localdate().isoformat()
    intake_submit(client=client, document=document(client, intake_date=today, conditions=conditions), by=by)
    return client


def flag_of(client, code="ECZ-CONTROLLED", treatment="microdermabrasion-face") -> Flag:
    return client.flags.get(rule__code=code, treatment__code=treatment, status=FlagStatus.OPEN)


def audited(model: str, user) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(model=model, username=user.username).order_by("seq"))


def test_acknowledging_a_caution_flag_closes_it_with_a_note(front_desk, aesthetician):
    flag = flag_of(client_with(ECZEMA_CONTROLLED, front_desk))
    review.flag_acknowledge(flag=flag, by=aesthetician, note="  Discussed with the client ")
    flag.refresh_from_db()
    assert (flag.status, flag.status_changed_by, flag.note) == (
        FlagStatus.ACKNOWLEDGED,
        aesthetician,
        "Discussed with the client",
    )
    action = ReviewAction.objects.get()
    assert (action.action, action.flag, action.code, action.by, action.note) == (
        ReviewActionKind.ACKNOWLEDGE,
        flag,
        "ECZ-CONTROLLED",
        aesthetician,
        "Discussed with the client",
    )
    assert audited("intake.flag", aesthetician)[-1].changes["status"] == ["open", "acknowledged"]
    entry = audited("intake.reviewaction", aesthetician)[-1]
    assert (entry.action, entry.object_id, entry.client_id) == ("create", str(action.pk), flag.client_id)
    assert entry.changes["note"] == [None, "Discussed with the client"]
    assert (action.history.get().history_type, action.history.get().history_user) == ("+", aesthetician)


def test_a_contraindication_flag_is_not_acknowledged(front_desk, aesthetician):
    flag = flag_of(client_with(ECZEMA_ACTIVE, front_desk), code="ECZ-ACTIVE")
    with pytest.raises(ValidationError):
        review.flag_acknowledge(flag=flag, by=aesthetician)
    flag.refresh_from_db()
    assert flag.status == FlagStatus.OPEN
    assert not ReviewAction.objects.exists()


def test_a_flag_is_acknowledged_once(front_desk, aesthetician):
    flag = flag_of(client_with(ECZEMA_CONTROLLED, front_desk))
    review.flag_acknowledge(flag=flag, by=aesthetician)
    with pytest.raises(ValidationError):
        review.flag_acknowledge(flag=flag, by=aesthetician)
    assert ReviewAction.objects.count() == 1


def test_resolving_a_flag_needs_a_reason(front_desk, aesthetician):
    flag = flag_of(client_with(ECZEMA_ACTIVE, front_desk), code="ECZ-ACTIVE")
    with pytest.raises(ValidationError):
        review.flag_resolve(flag=flag, by=aesthetician, note=" ")
    review.flag_resolve(flag=flag, by=aesthetician, note="Flare-up over, seen today")
    flag.refresh_from_db()
    assert (flag.status, flag.note) == (FlagStatus.RESOLVED, "Flare-up over, seen today")
    assert ReviewAction.objects.get().action == ReviewActionKind.RESOLVE
    assert audited("intake.flag", aesthetician)[-1].changes["status"] == ["open", "resolved"]


def test_referring_about_a_flag_is_kept_in_the_review_history(front_desk, aesthetician):
    flag = flag_of(client_with(ECZEMA_ACTIVE, front_desk), code="ECZ-ACTIVE")
    action = review.dermatologist_refer(flag=flag, by=aesthetician, note="Letter sent to the dermatologist")
    assert (action.client, action.flag, action.code, action.action) == (
        flag.client,
        flag,
        "ECZ-ACTIVE",
        ReviewActionKind.REFER,
    )
    assert audited("intake.reviewaction", aesthetician)[-1].client_id == flag.client_id


def test_a_review_action_is_stored_with_its_historical_record_in_one_statement_on_postgresql(
    front_desk, aesthetician
):
    flag = flag_of(client_with(ECZEMA_CONTROLLED, front_desk))
    with CaptureQueriesContext(connection) as queries:
        review.flag_acknowledge(flag=flag, by=aesthetician)
    inserts = [
        query["sql"]
        for query in queries.captured_queries
        if 'INSERT INTO "intake_reviewaction"' in query["sql"]
        or 'INSERT INTO "intake_historicalreviewaction"' in query["sql"]
    ]
    assert len(inserts) == (1 if connection.vendor == "postgresql" else 2)
    assert ReviewAction.objects.get().history.count() == 1


def test_acknowledging_an_appointment_caution_from_the_queue(front_desk, aesthetician, practitioner, at):
    client = client_with(ECZEMA_CONTROLLED, front_desk)
    appointment = booking.appointment_book(
        request=booking.BookingRequest(
            client=client,
            treatment=Treatment.objects.get(code="microdermabrasion-face"),
            practitioner=practitioner,
            start=at(10),
        ),
        by=front_desk,
    )
    assert appointment.status == AppointmentStatus.PENDING_REVIEW
    for finding in appointment.findings.filter(level="caution"):
        appointment = review.caution_acknowledge(finding=finding, by=aesthetician, note="ok")
    assert appointment.status == AppointmentStatus.BOOKED
    actions = ReviewAction.objects.filter(appointment=appointment)
    assert {action.code for action in actions} == set(
        appointment.findings.filter(level="caution").values_list("code", flat=True)
    )
    assert audited("intake.appointmentfinding", aesthetician)


def test_referring_about_an_appointment(front_desk, aesthetician, practitioner, at):
    client = client_with(ECZEMA_CONTROLLED, front_desk)
    appointment = booking.appointment_book(
        request=booking.BookingRequest(
            client=client,
            treatment=Treatment.objects.get(code="microdermabrasion-face"),
            practitioner=practitioner,
            start=at(10),
        ),
        by=front_desk,
    )
    action = review.dermatologist_refer(appointment=appointment, by=aesthetician, note="")
    assert (action.appointment, action.flag, action.action) == (appointment, None, ReviewActionKind.REFER)
    with pytest.raises(ValueError):
        review.dermatologist_refer(appointment=appointment, flag=client.flags.first(), by=aesthetician)


def test_a_clearance_is_recorded_with_its_letter_kept_private(front_desk, aesthetician, settings):
    client = client_with(ECZEMA_CONTROLLED, front_desk)
    day = timezone.localdate() - datetime.timedelta(days=3)
    clearance = review.clearance_record(
        client=client, by=aesthetician, date=day, letter=letter(), note="Clearance letter"
    )
    assert (clearance.date, clearance.by, clearance.note) == (day, aesthetician, "Clearance letter")
    stored = settings.MEDIA_ROOT / "private" / clearance.letter.name
    assert stored.read_bytes().startswith(b"%PDF-")
    assert client.last_name not in clearance.letter.name
    with pytest.raises(ValueError):
        clearance.letter.url  # noqa: B018 - a private file has no public address
    assert ReviewAction.objects.get().action == ReviewActionKind.CLEARANCE
    entry = audited("intake.clearance", aesthetician)[-1]
    assert (entry.client_id, entry.changes["letter"]) == (client.pk, [None, clearance.letter.name])
    assert clearance.history.get().letter == clearance.letter.name


def test_a_clearance_without_a_letter(front_desk, aesthetician):
    client = client_with(ECZEMA_CONTROLLED, front_desk)
    clearance = review.clearance_record(client=client, by=aesthetician, date=timezone.localdate())
    assert not clearance.letter


@pytest.mark.parametrize(
    "upload",
    [
        letter("letter.exe", b"MZ\x90\x00"),
        letter("letter.pdf", b"MZ\x90\x00 not a pdf"),
        letter("letter.png", b"%PDF-1.4"),
        letter("letter.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024)),
    ],
    ids=["executable", "renamed executable", "pdf named png", "too large"],
)
def test_a_letter_must_be_a_small_pdf_jpeg_or_png(front_desk, aesthetician, upload):
    client = client_with(ECZEMA_CONTROLLED, front_desk)
    with pytest.raises(ValidationError) as error:
        review.clearance_record(client=client, by=aesthetician, date=timezone.localdate(), letter=upload)
    assert "letter" in error.value.message_dict
    assert not Clearance.objects.exists()
    assert not ReviewAction.objects.exists()


def test_a_clearance_is_not_dated_in_the_future(front_desk, aesthetician):
    client = client_with(ECZEMA_CONTROLLED, front_desk)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        review.clearance_record(client=client, by=aesthetician, date=tomorrow)


def test_an_intake_request_is_recorded(front_desk, aesthetician):
    client = client_with(ECZEMA_CONTROLLED, front_desk)
    request = review.intake_request(client=client, by=aesthetician, note="Please confirm your medication")
    assert (request.client, request.by, request.note) == (
        client,
        aesthetician,
        "Please confirm your medication",
    )
    assert ReviewAction.objects.get().action == ReviewActionKind.INTAKE_REQUEST
    entry = audited("intake.intakerequest", aesthetician)[-1]
    assert (entry.client_id, entry.changes["note"]) == (client.pk, [None, "Please confirm your medication"])
    assert request.history.get().history_user == aesthetician


def test_the_front_desk_may_not_act(front_desk):
    client = client_with(ECZEMA_CONTROLLED, front_desk)
    flag = flag_of(client)
    actions = [
        lambda: review.flag_acknowledge(flag=flag, by=front_desk),
        lambda: review.flag_resolve(flag=flag, by=front_desk, note="x"),
        lambda: review.dermatologist_refer(flag=flag, by=front_desk),
        lambda: review.clearance_record(client=client, by=front_desk, date=timezone.localdate()),
        lambda: review.intake_request(client=client, by=front_desk),
    ]
    for action in actions:
        with pytest.raises(PermissionDenied):
            action()
    assert not ReviewAction.objects.exists()
    assert not IntakeRequest.objects.exists()
    flag.refresh_from_db()
    assert flag.status == FlagStatus.OPEN
