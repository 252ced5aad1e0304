"""Booking pages: the form screens before saving, refuses with reasons, and offers the override."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from intake.models import (
    Appointment,
    AppointmentStatus,
    BookingAttempt,
    ConsentSignature,
    ConsentText,
    Intensity,
    OverrideReason,
    Practitioner,
    Treatment,
)
from intake.services.booking import appointment_cancel
from intake.services.intakes import intake_submit
from intake.services.selfservice import consent_text_publish
from tests.factories import ClientFactory, UserFactory, appointment_stored, document

pytestmark = pytest.mark.django_db


@pytest.fixture
def eczema_client(client_record, front_desk):
    intake_submit(
        client=client_record,
        document=document(
            client_record,
            intake_date=timezone.localdate().isoformat(),
            conditions=[{"code": "eczema", "status": "active", "sites": ["face"]}],
        ),
        by=front_desk,
    )
    return client_record


def form(practitioner, booking_day, treatment="microdermabrasion-face", **extra):
    return {
        "treatment": Treatment.objects.get(code=treatment).pk,
        "practitioner": practitioner.pk,
        "date": booking_day.isoformat(),
        "time": "10:00",
        **extra,
    }


def test_check_shows_findings_without_saving(as_user, front_desk, eczema_client, practitioner, booking_day):
    url = reverse("intake:book", args=[eczema_client.pk])
    page = as_user(front_desk).post(url, {**form(practitioner, booking_day), "check": "1"})
    text = page.content.decode()
    assert "Contraindicated — do not book" in text
    assert "Active eczema flare-up" in text and "Wait until the flare-up subsides" in text
    assert not Appointment.objects.exists()


def test_refusal_lists_every_finding_and_keeps_the_form(
    as_user, front_desk, eczema_client, practitioner, booking_day
):
    url = reverse("intake:book", args=[eczema_client.pk])
    page = as_user(front_desk).post(url, {**form(practitioner, booking_day, notes="Bride"), "book": "1"})
    text = page.content.decode()
    assert "This booking is contraindicated and was not made." in text
    assert "ECZ-ACTIVE" in text
    assert "Book despite the contraindication" not in text  # front desk may not override
    assert page.context["form"]["notes"].value() == "Bride"
    assert not Appointment.objects.exists()


def test_clinic_admin_overrides_with_a_listed_reason(
    as_user, clinic_admin, eczema_client, practitioner, booking_day
):
    http = as_user(clinic_admin)
    url = reverse("intake:book", args=[eczema_client.pk])
    refused = http.post(url, {**form(practitioner, booking_day), "book": "1"})
    assert "Book despite the contraindication" in refused.content.decode()
    reason = OverrideReason.objects.first()
    booked = http.post(
        url, {**form(practitioner, booking_day), "book": "override", "override_reason": reason.pk}
    )
    appointment = Appointment.objects.get()
    assert booked.url == appointment.get_absolute_url()
    assert appointment.override_reason == reason.text
    detail = http.get(appointment.get_absolute_url()).content.decode()
    assert "Booked despite a contraindication." in detail and reason.text in detail


def test_slot_problem_is_shown_on_the_field(as_user, front_desk, client_record, practitioner, booking_day):
    intake_submit(
        client=client_record,
        document=document(client_record, intake_date=timezone.localdate().isoformat()),
        by=front_desk,
    )
    url = reverse("intake:book", args=[client_record.pk])
    page = as_user(front_desk).post(url, {**form(practitioner, booking_day, time="07:00"), "book": "1"})
    assert "Outside opening hours" in " ".join(page.context["form"].errors["time"])
    assert not Appointment.objects.exists()


def test_contraindication_in_a_taken_slot_shows_the_slot_problem_and_the_screening(
    as_user, front_desk, eczema_client, practitioner, booking_day
):
    other = ClientFactory()
    intake_submit(
        client=other, document=document(other, intake_date=timezone.localdate().isoformat()), by=front_desk
    )
    http = as_user(front_desk)
    http.post(reverse("intake:book", args=[other.pk]), {**form(practitioner, booking_day), "book": "1"})
    page = http.post(
        reverse("intake:book", args=[eczema_client.pk]),
        {**form(practitioner, booking_day, time="10:30"), "book": "1"},
    )
    text = page.content.decode()
    assert "already has an appointment from 10:00" in " ".join(page.context["form"].errors["time"])
    assert "Contraindicated — do not book" in text and "ECZ-ACTIVE" in text
    assert "This booking is contraindicated and was not made." not in text
    assert not BookingAttempt.objects.exists()
    assert list(Appointment.objects.values_list("client", flat=True)) == [other.pk]


def test_intensity_a_treatment_is_not_given_at_is_shown_on_the_field(
    as_user, front_desk, client_record, practitioner, booking_day
):
    consultation = Treatment.objects.filter(consultation_for__isnull=False).first()
    gentle = Intensity.objects.get(code="gentle")
    page = as_user(front_desk).post(
        reverse("intake:book", args=[client_record.pk]),
        {**form(practitioner, booking_day, consultation.code), "intensity": gentle.pk, "book": "1"},
    )
    assert "is not given at this intensity" in " ".join(page.context["form"].errors["intensity"])
    assert not Appointment.objects.exists()


def test_front_desk_cannot_acknowledge_but_aesthetician_can(
    as_user, front_desk, aesthetician, client_record, practitioner, booking_day
):
    intake_submit(
        client=client_record,
        document=document(
            client_record, intake_date=timezone.localdate().isoformat(), skin={"sensitive": True}
        ),
        by=front_desk,
    )
    as_user(front_desk).post(
        reverse("intake:book", args=[client_record.pk]), {**form(practitioner, booking_day), "book": "1"}
    )
    appointment = Appointment.objects.get()
    assert appointment.status == AppointmentStatus.PENDING_REVIEW
    caution = appointment.findings.get(code="SENSITIVE-SKIN")
    url = reverse("intake:appointment_acknowledge", args=[appointment.pk, caution.pk])
    assert as_user(front_desk).post(url, {"note": "x"}).status_code == 403
    as_user(aesthetician).post(url, {"note": "Patch test fine"})
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.BOOKED


def test_schedule_shows_status_and_worst_finding(
    as_user, front_desk, client_record, practitioner, booking_day
):
    intake_submit(
        client=client_record,
        document=document(
            client_record, intake_date=timezone.localdate().isoformat(), skin={"sensitive": True}
        ),
        by=front_desk,
    )
    as_user(front_desk).post(
        reverse("intake:book", args=[client_record.pk]), {**form(practitioner, booking_day), "book": "1"}
    )
    page = as_user(front_desk).get(
        reverse("intake:schedule"), {"date": booking_day.isoformat(), "view": "week"}
    )
    text = page.content.decode()
    assert str(client_record) in text and "Pending review" in text and ">caution<" in text


def test_schedule_names_the_practitioner_and_the_intensity(
    as_user, front_desk, client_record, practitioner, booking_day
):
    intake_submit(
        client=client_record,
        document=document(client_record, intake_date=timezone.localdate().isoformat()),
        by=front_desk,
    )
    gentle = Intensity.objects.order_by("rank").first()
    as_user(front_desk).post(
        reverse("intake:book", args=[client_record.pk]),
        {**form(practitioner, booking_day, intensity=gentle.pk), "book": "1"},
    )

    def first_row() -> str:
        page = as_user(front_desk).get(reverse("intake:schedule"), {"date": booking_day.isoformat()})
        return page.content.decode().split("<tr")[2]

    assert f"<td>{practitioner.user.get_full_name()}</td>" in first_row()
    assert f"Facial microdermabrasion · {gentle.name}" in first_row()
    practitioner.user.first_name = practitioner.user.last_name = ""
    practitioner.user.save()
    assert f"<td>{practitioner.user.username}</td>" in first_row()


def test_schedule_marks_only_the_booking_made_without_an_intake(
    as_user, clinic_admin, front_desk, eczema_client, practitioner, booking_day
):
    http = as_user(clinic_admin)
    reason = OverrideReason.objects.first()
    for client, time in ((ClientFactory(), "10:00"), (eczema_client, "12:00")):
        http.post(
            reverse("intake:book", args=[client.pk]),
            {**form(practitioner, booking_day, time=time), "book": "override", "override_reason": reason.pk},
        )
    page = as_user(front_desk).get(reverse("intake:schedule"), {"date": booking_day.isoformat()})
    rows = page.content.decode().split("<tr")[2:]
    assert len(rows) == 2
    assert ["needs intake" in row for row in rows] == [True, False]
    minutes = Treatment.objects.get(code="microdermabrasion-face").duration_minutes
    assert f">10:00–{10 + minutes // 60:02d}:{minutes % 60:02d}</a>" in rows[0]
    assert all("consent missing" in row for row in rows)


def test_schedule_stops_marking_a_booking_once_its_client_has_an_intake(
    as_user, clinic_admin, front_desk, practitioner, booking_day
):
    newcomer = ClientFactory()
    as_user(clinic_admin).post(
        reverse("intake:book", args=[newcomer.pk]),
        {
            **form(practitioner, booking_day),
            "book": "override",
            "override_reason": OverrideReason.objects.first().pk,
        },
    )

    def row() -> str:
        page = as_user(front_desk).get(reverse("intake:schedule"), {"date": booking_day.isoformat()})
        return page.content.decode().split("<tr")[2]

    assert "needs intake" in row()
    intake_submit(
        client=newcomer,
        document=document(newcomer, intake_date=timezone.localdate().isoformat()),
        by=front_desk,
    )
    assert "needs intake" not in row()


def test_schedule_escapes_names_strikes_out_cancellations_and_says_when_a_day_is_empty(
    as_user, clinic_admin, front_desk, practitioner, booking_day
):
    reason = OverrideReason.objects.first()
    client = ClientFactory(first_name="<b>Ana</b>", last_name="O'Neil & Co")
    as_user(clinic_admin).post(
        reverse("intake:book", args=[client.pk]),
        {**form(practitioner, booking_day), "book": "override", "override_reason": reason.pk},
    )
    appointment = Appointment.objects.get(client=client)
    schedule = {"date": booking_day.isoformat()}
    row = as_user(front_desk).get(reverse("intake:schedule"), schedule).content.decode().split("<tr")[2]
    assert "&lt;b&gt;Ana&lt;/b&gt; O&#x27;Neil &amp; Co" in row and "<b>" not in row
    assert f'href="{appointment.get_absolute_url()}"' in row and "line-through" not in row
    appointment_cancel(appointment=appointment, by=front_desk, reason="Client called")
    row = as_user(front_desk).get(reverse("intake:schedule"), schedule).content.decode().split("<tr")[2]
    assert 'class="text-body-secondary text-decoration-line-through"' in row and "Cancelled" in row
    next_day = {"date": (booking_day + datetime.timedelta(days=1)).isoformat()}
    empty = as_user(front_desk).get(reverse("intake:schedule"), next_day).content.decode()
    assert "No appointments." in empty


def test_each_schedule_row_warns_of_a_consent_missing_or_signed_for_an_older_text(
    as_user, clinic_admin, front_desk, practitioner, booking_day
):
    face = Treatment.objects.get(code="microdermabrasion-face")
    signed, outdated, missing = (ClientFactory(first_name=name) for name in ("Signed", "Outdated", "Missing"))

    def sign(client):
        ConsentSignature.objects.create(
            client=client,
            consent_text=ConsentText.objects.filter(treatment=face).order_by("version").last(),
            signed_at=timezone.now(),
            signer_name=client.full_name,
        )

    sign(outdated)
    consent_text_publish(treatment=face, text="New wording", by=clinic_admin)
    sign(signed)
    nine = timezone.make_aware(datetime.datetime.combine(booking_day, datetime.time(9)))
    for hour, client in enumerate((signed, outdated, missing)):
        appointment_stored(client, practitioner, nine + datetime.timedelta(hours=hour))
    consultation = nine + datetime.timedelta(hours=3)
    appointment_stored(missing, practitioner, consultation, treatment="consultation-face")

    page = as_user(front_desk).get(reverse("intake:schedule"), {"date": booking_day.isoformat()})
    rows = page.content.decode().split("<tr")[2:]
    assert [re.search(r">(\w+) ", row)[1] for row in rows] == ["Signed", "Outdated", "Missing", "Missing"]
    assert "consent" not in rows[0] and "consent for an older text" in rows[1]
    assert "consent missing" in rows[2] and "consent" not in rows[3]  # a consultation needs none


def test_the_schedule_filter_lists_active_practitioners_and_keeps_the_chosen_one(
    as_user, front_desk, practitioner
):
    other = Practitioner.objects.create(user=UserFactory(first_name="<Ann>", last_name="& Co"))
    Practitioner.objects.create(user=UserFactory(first_name="", last_name="", username="gone"), active=False)
    page = as_user(front_desk).get(reverse("intake:schedule"), {"practitioner": other.pk}).content.decode()
    assert f'<option value="{other.pk}" selected>&lt;Ann&gt; &amp; Co</option>' in page
    assert f'<option value="{practitioner.pk}">{practitioner}</option>' in page
    assert ">gone<" not in page
    assert "&lt;Ann&gt; &amp; Co</h1>" in page


def test_a_busy_days_filter_lists_only_active_practitioners_in_name_order(
    as_user, front_desk, client_record, practitioner, booking_day
):
    for first, last in (("Zoe", "Adams"), ("Amy", "Brown"), ("Amy", "Adams")):
        Practitioner.objects.create(user=UserFactory(first_name=first, last_name=last))
    retired = Practitioner.objects.create(user=UserFactory(first_name="Ret", last_name="Ired"), active=False)
    start = timezone.make_aware(datetime.datetime.combine(booking_day, datetime.time(10)))
    appointment_stored(client_record, retired, start)

    page = as_user(front_desk).get(reverse("intake:schedule"), {"date": booking_day.isoformat()})
    html = page.content.decode()
    listed = re.findall(r'<option value="\d+">([^<]+)</option>', html)
    assert listed == [str(person) for person in Practitioner.objects.filter(active=True)]
    assert listed.index("Amy Adams") < listed.index("Amy Brown") < listed.index("Zoe Adams")
    assert str(practitioner) in listed
    assert "Ret Ired</td>" in html and "Ret Ired</option>" not in html


def test_the_week_lists_an_appointment_on_its_local_day_at_its_local_time(
    settings, as_user, front_desk, client_record, practitioner
):
    settings.TIME_ZONE = "Pacific/Auckland"  # 13 hours ahead of UTC in December
    monday = datetime.date(2026, 12, 14)
    start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time(0, 30)))
    assert start.astimezone(datetime.UTC).date() == monday - datetime.timedelta(days=1)
    appointment_stored(client_record, practitioner, start)

    page = as_user(front_desk).get(reverse("intake:schedule"), {"date": monday.isoformat(), "view": "week"})
    sections = re.findall(r'<section[^>]*aria-label="([^"]*)"(.*?)</section>', page.content.decode(), re.S)
    days = dict(sections)

    assert ">00:30–01:30</a>" in days["Monday 14 Dec"]
    assert "No appointments." in days["Sunday 20 Dec"]


def test_the_schedule_of_one_practitioner_lists_only_their_appointments(
    as_user, front_desk, practitioner, booking_day
):
    other = Practitioner.objects.create(user=UserFactory(first_name="Noor", last_name="Haddad"))
    nine = timezone.make_aware(datetime.datetime.combine(booking_day, datetime.time(9)))
    appointment_stored(ClientFactory(first_name="Mine"), practitioner, nine)
    appointment_stored(ClientFactory(first_name="Theirs"), other, nine)
    schedule = reverse("intake:schedule")

    def clients_listed(**chosen) -> list[str]:
        page = as_user(front_desk).get(schedule, {"date": booking_day.isoformat(), **chosen}).content.decode()
        return sorted(re.findall(r">(Mine|Theirs) ", page))

    assert clients_listed() == ["Mine", "Theirs"]
    assert clients_listed(practitioner=other.pk) == ["Theirs"]
    assert clients_listed(practitioner=practitioner.pk) == ["Mine"]


def test_each_schedule_row_names_its_treatment_intensity_and_practitioner_a_former_ones_too(
    as_user, front_desk, practitioner, booking_day
):
    colleague = UserFactory(first_name="Former", last_name="Colleague")
    former = Practitioner.objects.create(user=colleague, active=False)
    strong = Intensity.objects.order_by("rank").last()
    nine = timezone.make_aware(datetime.datetime.combine(booking_day, datetime.time(9)))
    appointment_stored(ClientFactory(), practitioner, nine, treatment="microdermabrasion-scalp")
    appointment_stored(ClientFactory(), former, nine + datetime.timedelta(hours=2), intensity=strong)

    page = as_user(front_desk).get(reverse("intake:schedule"), {"date": booking_day.isoformat()})
    first, second = page.content.decode().split("<tr")[2:]
    scalp = Treatment.objects.get(code="microdermabrasion-scalp").name
    assert f"<td>{scalp}</td>" in first and f"<td>{practitioner.user.get_full_name()}</td>" in first
    assert f"Facial microdermabrasion · {strong.name}" in second and "<td>Former Colleague</td>" in second


def test_schedule_rows_escape_the_treatment_intensity_and_practitioner_and_pad_the_times(
    as_user, front_desk, booking_day
):
    therapist = Practitioner.objects.create(user=UserFactory(first_name="Zoë", last_name="<i>Ng</i> & Co"))
    gentle = Intensity.objects.order_by("rank").first()
    Treatment.objects.filter(code="microdermabrasion-face").update(name="Face & <neck>")
    early = timezone.make_aware(datetime.datetime.combine(booking_day, datetime.time(9, 5)))
    for start in (early, early + datetime.timedelta(hours=1)):
        appointment_stored(ClientFactory(), therapist, start, intensity=gentle)

    page = as_user(front_desk).get(reverse("intake:schedule"), {"date": booking_day.isoformat()})
    first, second = page.content.decode().split("<tr")[2:]
    assert ">09:05–10:05</a>" in first and ">10:05–11:05</a>" in second
    for row in (first, second):
        assert f"<td>Face &amp; &lt;neck&gt; · {gentle.name}</td>" in row
        assert "<td>Zoë &lt;i&gt;Ng&lt;/i&gt; &amp; Co</td>" in row
