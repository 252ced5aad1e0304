"""Review pages besides the queue: clearances and their letters, intake requests, a client's timeline
with the difference between intake versions, and the clinic admin's dashboard."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from intake.models import AuditEntry, BookingAttempt, Clearance, IntakeRequest, Treatment
from intake.services import booking, review
from intake.services.intakes import intake_submit
from tests.factories import PDF, ClientFactory, UserFactory, document, letter

pytestmark = pytest.mark.django_db

ECZEMA_CONTROLLED = [{"code": "eczema", "status": "remission", "sites": ["scalp"]}]
ECZEMA_ACTIVE = [{"code": "eczema", "status": "active", "sites": ["face"]}]


def submit(client, by, conditions=(), **sections):
    """A new intake version for the client, dated today."""
    today = timezone.localdate().isoformat()
    return intake_submit(
        client=client,
        document=document(client, intake_date=today, conditions=list(conditions), **sections),
        by=by,
    )


@pytest.fixture
def cleared(front_desk, aesthetician):
    """A client with a clearance whose letter is on file."""
    client = ClientFactory(last_name="Okoro")
    submit(client, front_desk, ECZEMA_CONTROLLED)
    return review.clearance_record(client=client, by=aesthetician, date=timezone.localdate(), letter=letter())


def test_the_letter_is_served_to_practitioners_and_clinic_admins(
    as_user, aesthetician, clinic_admin, cleared
):
    url = reverse("intake:clearance_letter", args=[cleared.pk])
    for user in (aesthetician, clinic_admin):
        response = as_user(user).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "no-store" in response["Cache-Control"]
    viewed = AuditEntry.objects.filter(action="view", client_id=cleared.client_id, page=url)
    assert set(viewed.values_list("username", flat=True)) == {"aesthetician", "clinicadmin"}


def test_the_letter_is_refused_to_others(as_user, front_desk, cleared):
    url = reverse("intake:clearance_letter", args=[cleared.pk])
    assert as_user(front_desk).get(url).status_code == 403
    anonymous = Browser().get(url)
    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("login"))
    nobody = Browser()
    nobody.force_login(UserFactory(username="norole"))
    assert nobody.get(url).status_code == 403


def test_the_letter_has_no_public_address(cleared, settings):
    stored = settings.MEDIA_ROOT / "private" / cleared.letter.name
    assert stored.exists()
    assert Browser().get(f"/media/private/{cleared.letter.name}").status_code == 404
    assert Browser().get(f"/static/{cleared.letter.name}").status_code == 404


def test_a_clearance_without_a_letter_has_none_to_serve(as_user, aesthetician, cleared):
    bare = review.clearance_record(client=cleared.client, by=aesthetician, date=timezone.localdate())
    assert as_user(aesthetician).get(reverse("intake:clearance_letter", args=[bare.pk])).status_code == 404


def test_recording_a_clearance_through_the_page(as_user, aesthetician, client_record):
    http = as_user(aesthetician)
    url = reverse("intake:clearance_create", args=[client_record.pk])
    assert http.get(url).status_code == 200
    day = timezone.localdate() - datetime.timedelta(days=2)
    response = http.post(url, {"date": day.isoformat(), "letter": letter(), "note": "Clearance letter"})
    assert response.status_code == 302
    assert response.url == reverse("intake:client_timeline", args=[client_record.pk])
    clearance = Clearance.objects.get()
    assert (clearance.client, clearance.date, clearance.by) == (client_record, day, aesthetician)


def test_a_bad_letter_is_refused_on_the_page_with_the_answers_kept(as_user, aesthetician, client_record):
    url = reverse("intake:clearance_create", args=[client_record.pk])
    response = as_user(aesthetician).post(
        url,
        {"date": timezone.localdate().isoformat(), "letter": letter("letter.png", b"GIF89a"), "note": "kept"},
    )
    assert response.status_code == 200
    assert "The file is not a real PNG." in response.content.decode()
    assert "kept" in response.content.decode()
    assert not Clearance.objects.exists()


def test_an_intake_request_shows_on_the_client_page_until_a_new_intake(
    as_user, front_desk, aesthetician, client_record
):
    submit(client_record, front_desk)
    http = as_user(aesthetician)
    response = http.post(
        reverse("intake:intake_request", args=[client_record.pk]), {"note": "Please confirm your medication"}
    )
    assert response.url == client_record.get_absolute_url()
    assert IntakeRequest.objects.get().by == aesthetician
    page = http.get(client_record.get_absolute_url()).content.decode()
    assert "Updated intake requested by" in page
    assert "Please confirm your medication" in page
    submit(client_record, front_desk)
    assert "Updated intake requested by" not in http.get(client_record.get_absolute_url()).content.decode()


def test_the_client_page_lists_the_requests_since_the_current_intake_newest_first(
    as_user, front_desk, aesthetician, client_record
):
    review.intake_request(client=client_record, by=aesthetician, note="Before any intake")
    http = as_user(front_desk)

    def requests_listed() -> list[str]:
        page = http.get(client_record.get_absolute_url()).content.decode()
        return re.findall(r"(Before any intake|First request|Second request)", page)

    assert requests_listed() == ["Before any intake"]
    submit(client_record, front_desk)
    assert requests_listed() == []
    for note in ("First request", "Second request"):
        review.intake_request(client=client_record, by=aesthetician, note=note)
    assert requests_listed() == ["Second request", "First request"]


def test_the_client_page_links_the_timeline(as_user, front_desk, client_record):
    page = as_user(front_desk).get(client_record.get_absolute_url()).content.decode()
    assert reverse("intake:client_timeline", args=[client_record.pk]) in page


@pytest.fixture
def history(front_desk, aesthetician, clinic_admin, practitioner, at):
    """A client's eventful history: two intakes, a refusal, an override, a caution acknowledged,
    a flag acknowledged, a referral, a clearance and an intake request, in that order."""
    client = ClientFactory(last_name="Story")
    submit(client, front_desk, ECZEMA_CONTROLLED, skin={"sensitive": False, "fitzpatrick": 2})
    submit(client, front_desk, ECZEMA_ACTIVE, skin={"sensitive": True, "fitzpatrick": 2})
    face = Treatment.objects.get(code="microdermabrasion-face")
    request = booking.BookingRequest(client=client, treatment=face, practitioner=practitioner, start=at(10))
    with pytest.raises(booking.BookingRefused):
        booking.appointment_book(request=request, by=front_desk)
    booking.appointment_book(request=request, by=clinic_admin, override_reason="Dermatologist has cleared")
    flag = client.flags.filter(level="caution", status="open").first()
    review.flag_acknowledge(flag=flag, by=aesthetician, note="Seen")
    review.dermatologist_refer(
        flag=client.flags.get(rule__code="ECZ-ACTIVE", treatment=face), by=aesthetician
    )
    review.clearance_record(client=client, by=aesthetician, date=timezone.localdate(), letter=letter())
    review.intake_request(client=client, by=aesthetician, note="After the clearance")
    return client


def timeline(http, client, **query):
    return http.get(reverse("intake:client_timeline", args=[client.pk]), query)


def test_the_timeline_lists_the_events_in_order(as_user, aesthetician, history):
    response = timeline(as_user(aesthetician), history)
    entries = response.context["entries"]
    assert [entry.at for entry in entries] == sorted(entry.at for entry in entries)
    titles = [entry.title for entry in entries]

    def first(pattern: str) -> int:
        return next(n for n, title in enumerate(titles) if re.search(pattern, title))

    order = [
        first("^Intake version 1 recorded"),
        first("^Intake version 2 recorded"),
        first("^Booking refused"),
        first("^Booked despite a contraindication"),
        first("^Flag acknowledged"),
        first("^Referred to a dermatologist"),
        first("^Dermatologist clearance dated"),
        first("^Updated intake requested"),
    ]
    assert order == sorted(order)
    kinds = {entry.kind for entry in entries}
    assert kinds >= {"intake", "flag", "appointment", "override", "refusal", "clearance", "request", "review"}
    assert first("^Flag raised") < first("^Intake version 2 recorded") < first("^Flag resolved")
    override = entries[first("^Booked despite a contraindication")]
    assert "Dermatologist has cleared" in override.detail
    page = response.content.decode()
    assert "Download the letter" in page
    assert AuditEntry.objects.filter(action="view", client_id=history.pk, username="aesthetician").exists()


def test_the_front_desk_sees_the_timeline_without_the_letter(as_user, front_desk, history):
    page = timeline(as_user(front_desk), history).content.decode()
    assert "Dermatologist clearance dated" in page
    assert "Download the letter" not in page
    assert "Request updated intake" not in page


def test_the_version_diff_shows_a_changed_answer(as_user, aesthetician, history):
    http = as_user(aesthetician)
    offered = timeline(http, history)
    assert (offered.context["changes"], offered.context["diff_form"].initial) == (None, {"old": 1, "new": 2})
    response = timeline(http, history, old=1, new=2)
    changes = {change.label: (change.old, change.new) for change in response.context["changes"]}
    assert changes["Condition: eczema"] == ("Remission — scalp", "Active (flare-up now) — face")
    assert changes["Sensitive skin (self-reported)"] == ("no", "yes")
    assert "Fitzpatrick skin type" not in changes
    page = response.content.decode()
    assert "<del>no</del>" in page
    assert "<ins>yes</ins>" in page


def test_the_version_diff_compares_the_versions_chosen(as_user, aesthetician, history):
    http = as_user(aesthetician)
    assert timeline(http, history, old=2, new=2).context["changes"] == []
    reverse_order = timeline(http, history, old=2, new=1).context["changes"]
    assert ("no", "yes") not in [(change.old, change.new) for change in reverse_order]
    assert timeline(http, history, old=1, new=9).context["changes"] is None


def test_a_client_with_one_version_has_nothing_to_compare(as_user, aesthetician, front_desk, client_record):
    submit(client_record, front_desk)
    response = timeline(as_user(aesthetician), client_record)
    assert response.context["diff_form"] is None
    assert response.status_code == 200


def test_the_dashboard_counts_flags_refusals_and_overrides(
    as_user, front_desk, clinic_admin, practitioner, at, booking_day
):
    client = ClientFactory()
    submit(client, front_desk, ECZEMA_ACTIVE)
    face = Treatment.objects.get(code="microdermabrasion-face")
    request = booking.BookingRequest(client=client, treatment=face, practitioner=practitioner, start=at(10))
    for _attempt in range(2):
        with pytest.raises(booking.BookingRefused):
            booking.appointment_book(request=request, by=front_desk)
    booking.appointment_book(request=request, by=clinic_admin, override_reason="Cleared in writing")
    old = BookingAttempt.objects.filter(overridden=False).first()
    BookingAttempt.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=40))
    response = as_user(clinic_admin).get(reverse("intake:dashboard"))
    assert response.status_code == 200
    dashboard = response.context["dashboard"]
    open_flags = {bar.colour: bar.value for bar in dashboard.open_flags}
    assert open_flags == {
        level: client.flags.filter(status="open", level=level).count()
        for level in ("contraindicated", "caution", "advice")
    }
    assert open_flags["contraindicated"] > 0
    bookings = {bar.label: bar.value for bar in dashboard.bookings}
    assert (bookings["Refused this week"], bookings["Refused this month"]) == (1, 1)
    assert (bookings["Overridden this week"], bookings["Overridden this month"]) == (1, 1)
    page = response.content.decode()
    assert page.count("<svg") == 2
    assert 'class="chart-bar chart-contraindicated"' in page
    assert "style=" not in page


def test_the_dashboard_lists_upcoming_blocked_appointments(
    as_user, front_desk, clinic_admin, practitioner, at
):
    client = ClientFactory(last_name="Blocked")
    submit(client, front_desk)
    face = Treatment.objects.get(code="microdermabrasion-face")
    appointment = booking.appointment_book(
        request=booking.BookingRequest(
            client=client, treatment=face, practitioner=practitioner, start=at(10)
        ),
        by=front_desk,
    )
    submit(client, front_desk, ECZEMA_ACTIVE)
    appointment.refresh_from_db()
    assert appointment.status == "blocked"
    response = as_user(clinic_admin).get(reverse("intake:dashboard"))
    assert list(response.context["dashboard"].blocked) == [appointment]
    assert appointment.get_absolute_url() in response.content.decode()


@pytest.mark.parametrize("role", ["front_desk", "aesthetician"])
def test_only_clinic_admins_see_the_dashboard(as_user, request, role):
    http = as_user(request.getfixturevalue(role))
    assert http.get(reverse("intake:dashboard")).status_code == 403
    assert reverse("intake:dashboard") not in http.get(reverse("intake:client_list")).content.decode()


def test_the_navigation_links_the_queue_and_the_dashboard(as_user, front_desk, clinic_admin):
    front = as_user(front_desk).get(reverse("intake:client_list")).content.decode()
    assert reverse("intake:review_queue") in front
    admin = as_user(clinic_admin).get(reverse("intake:client_list")).content.decode()
    assert reverse("intake:review_queue") in admin and reverse("intake:dashboard") in admin


def test_the_timeline_runs_the_same_queries_however_long_the_history(as_user, aesthetician, history):
    http = as_user(aesthetician)
    with CaptureQueriesContext(connection) as short:
        timeline(http, history)
    for _number in range(3):
        review.intake_request(client=history, by=aesthetician)
        review.clearance_record(client=history, by=aesthetician, date=timezone.localdate(), letter=letter())
        review.dermatologist_refer(appointment=history.appointments.first(), by=aesthetician)
    with CaptureQueriesContext(connection) as long:
        response = timeline(http, history)
    assert len(response.context["entries"]) > 9
    assert len(long) == len(short)
