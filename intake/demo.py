"""Demo data: one user per role and a dozen clients with varied skin and scalp histories.

Dates are relative to today so the demo reads the same whenever it is loaded.
"""

import datetime

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone

from .models import (
    Appointment,
    Client,
    Intensity,
    Method,
    OpeningHours,
    Practitioner,
    Treatment,
    WorkingDay,
)
from .services.booking import BookingRequest, appointment_book
from .services.intakes import client_create, intake_submit

DEMO_PASSWORD = "demo-clinic-2026"
DEMO_USERS = [
    # username, first name, last name, role, is_staff (may open the Django admin)
    ("frontdesk", "Front", "Desk", "Front desk", False),
    ("aesthetician", "Aesthetic", "Practitioner", "Aesthetician", False),
    ("clinicadmin", "Clinic", "Admin", "Clinic admin", True),
]


def days_ago(today: datetime.date, days: int) -> str:
    """An ISO date the given number of days before today."""
    return (today - datetime.timedelta(days=days)).isoformat()


def person(first_name: str, last_name: str, date_of_birth: str, **contact) -> dict:
    """The personal details of a demo client."""
    return {"first_name": first_name, "last_name": last_name, "date_of_birth": date_of_birth, **contact}


def demo_clients(today: datetime.date) -> list[tuple[dict, dict]]:
    """(client fields, intake document without dates of birth) for each demo client."""
    ago = lambda days: days_ago(today, days)  # noqa: E731 - keeps the table below readable
    return [
        (
            person("Amira", "Haddad", "1991-03-14", phone="07700 900101"),
            {
                "conditions": [{"code": "eczema", "status": "active", "sites": ["face", "hands"]}],
                "skin": {"fitzpatrick": 3, "sensitive": True, "skin_type": "dry"},
            },
        ),
        (
            person("Ben", "Okafor", "1985-07-02", phone="07700 900102"),
            {
                "conditions": [{"code": "eczema", "status": "remission", "sites": ["scalp"]}],
                "scalp": {"scalp_type": "dry", "dandruff": True, "itch": True},
            },
        ),
        (
            person("Chloe", "Martin", "1998-11-23", email="chloe@example.com"),
            {
                "medications": [{"code": "isotretinoin", "current": False, "last_taken": ago(60)}],
                "skin": {"fitzpatrick": 2, "skin_type": "oily"},
            },
        ),
        (
            person("Daniel", "Kowalski", "1979-01-30", phone="07700 900104"),
            {
                "scalp": {"scalp_type": "oily", "oiliness": True, "hair_loss": True},
                "medications": [{"code": "minoxidil", "current": True}],
            },
        ),
        (
            person("Elena", "Rossi", "1988-05-09", email="elena@example.com"),
            {
                "procedures": [{"code": "chemical-peel", "date": ago(5), "sites": ["face"]}],
                "skin": {"fitzpatrick": 3, "skin_type": "combination"},
            },
        ),
        (
            person("Farah", "Siddiqui", "1994-09-17", phone="07700 900106"),
            {
                "conditions": [{"code": "psoriasis", "status": "active", "sites": ["scalp"]}],
                "scalp": {"scalp_type": "dry", "itch": True},
            },
        ),
        (
            person("George", "Andersen", "1970-12-01", phone="07700 900107"),
            {
                "medications": [{"code": "anticoagulant", "current": True}],
                "conditions": [{"code": "diabetes", "status": "active", "sites": []}],
            },
        ),
        (
            person("Hana", "Tanaka", "1996-02-28", email="hana@example.com"),
            {"answers": {"pregnant": True}, "skin": {"fitzpatrick": 4, "sensitive": True}},
        ),
        (
            person("Isaac", "Mensah", "1990-08-12", phone="07700 900109"),
            {"answers": {"aluminium_allergy": True}, "skin": {"fitzpatrick": 5, "skin_type": "normal"}},
        ),
        (
            person("Julia", "Novak", "1983-04-04", email="julia@example.com"),
            {
                "procedures": [{"code": "hair-colouring", "date": ago(3), "sites": ["scalp"]}],
                "scalp": {"scalp_type": "normal"},
            },
        ),
        (
            person("Liam", "O'Brien", "2010-06-21", phone="07700 900111"),
            {
                "skin": {"fitzpatrick": 1, "skin_type": "oily", "concerns": "Blackheads"},
                "conditions": [{"code": "acne", "status": "resolved", "sites": ["face"]}],
            },
        ),
        (
            person("Maya", "Fernández", "1992-10-10", email="maya@example.com"),
            {"skin": {"fitzpatrick": 3, "skin_type": "normal", "goals": "Brighter skin before a wedding"}},
        ),
    ]


@transaction.atomic
def seed_demo(today: datetime.date) -> list[str]:
    """Create the demo users and clients once; running it again changes nothing. Returns log lines."""
    lines = []
    for username, first, last, role, is_staff in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "is_staff": is_staff}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.add(Group.objects.get(name=role))
        lines.append(f"{role:<14} user: {username:<14} password: {DEMO_PASSWORD}")
    lines.append("Two-factor is skipped while OTP_DEMO_BYPASS is on (DEBUG demo only): docs/security.md")
    admin = User.objects.get(username="frontdesk")
    for fields, history in demo_clients(today):
        if Client.objects.filter(first_name=fields["first_name"], last_name=fields["last_name"]).exists():
            continue
        client = client_create(by=admin, **fields)
        document = {
            "intake_date": days_ago(today, 1),
            "client": {"date_of_birth": fields["date_of_birth"]},
            "consent": {"given": True, "signed_by": f"{fields['first_name']} {fields['last_name']}"},
            **history,
        }
        intake_submit(client=client, document=document, by=admin)
    practitioner = demo_practitioner()
    if not Appointment.objects.exists():
        seed_appointments(today, practitioner, admin)
    lines.append(
        f"{Client.objects.count()} clients and {Appointment.objects.count()} appointments in the database."
    )
    return lines


def demo_practitioner() -> Practitioner:
    """The demo aesthetician as a practitioner, Monday to Saturday, qualified for every treatment."""
    practitioner, created = Practitioner.objects.get_or_create(user=User.objects.get(username="aesthetician"))
    if created:
        practitioner.treatments.set(Treatment.objects.all())
        WorkingDay.objects.bulk_create(WorkingDay(practitioner=practitioner, weekday=day) for day in range(6))
    return practitioner


# (client's last name, treatment, intensity, days from the first open day, hour, minute)
DEMO_APPOINTMENTS = [
    ("Fernández", "microdermabrasion-face", "standard", 0, 10, 0),
    ("Okafor", "microdermabrasion-scalp", "standard", 0, 11, 30),
    ("Kowalski", "microdermabrasion-scalp", "gentle", 1, 10, 0),
    ("Mensah", "microdermabrasion-face", "standard", 1, 14, 0),
    ("Tanaka", "microdermabrasion-face", "gentle", 2, 9, 30),
]


def seed_appointments(today: datetime.date, practitioner: Practitioner, by: User) -> None:
    """Book a few appointments on the next open days, through the same service as the booking form."""
    open_days = sorted(OpeningHours.objects.values_list("weekday", flat=True))
    days = [today + datetime.timedelta(days=n) for n in range(1, 15)]
    days = [day for day in days if day.weekday() in open_days and day.weekday() < 6]
    diamond = Method.objects.get(code="diamond-tip")
    for last_name, treatment, intensity, day, hour, minute in DEMO_APPOINTMENTS:
        start = timezone.make_aware(datetime.datetime.combine(days[day], datetime.time(hour, minute)))
        request = BookingRequest(
            client=Client.objects.get(last_name=last_name),
            treatment=Treatment.objects.get(code=treatment),
            practitioner=practitioner,
            start=start,
            method=diamond,
            intensity=Intensity.objects.get(code=intensity),
        )
        appointment_book(request=request, by=by)
