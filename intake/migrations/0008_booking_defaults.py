"""Booking defaults: opening hours, override reasons, consultations, roles, and on PostgreSQL the
exclusion constraints that make a double-booking impossible."""

import datetime

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.db import migrations
from django.db.models import Func, Q

from intake.migrations._roles import grant

OPENING_HOURS = [(day, datetime.time(9), datetime.time(18)) for day in range(5)] + [
    (5, datetime.time(9), datetime.time(14))
]
OVERRIDE_REASONS = [
    "Dermatologist has cleared the client in writing",
    "Treatment at a site away from the affected area",
    "Condition resolved since the intake; new intake to follow at check-in",
]
CONSULTATIONS = [
    ("consultation-face", "Facial consultation", "microdermabrasion-face", 30),
    ("consultation-scalp", "Scalp consultation", "microdermabrasion-scalp", 30),
]
CONSTRAINTS = [
    ("appointment_practitioner_no_overlap", "practitioner"),
    ("appointment_client_no_overlap", "client"),
]
HOLDING_TIME = ["pending", "blocked", "booked", "arrived", "fulfilled"]

BOOKING = [
    "view_appointment",
    "add_appointment",
    "change_appointment",
    "view_practitioner",
    "view_openinghours",
    "view_overridereason",
    "view_notice",
]
ROLES = {
    "Front desk": [f"intake.{name}" for name in BOOKING],
    "Aesthetician": [f"intake.{name}" for name in BOOKING + ["acknowledge_caution"]],
    "Clinic admin": [
        f"intake.{name}"
        for name in BOOKING
        + [
            "acknowledge_caution",
            "override_contraindication",
            "delete_appointment",
            "add_practitioner",
            "change_practitioner",
            "add_openinghours",
            "change_openinghours",
            "delete_openinghours",
            "add_overridereason",
            "change_overridereason",
            "view_bookingattempt",
            "view_appointmentevent",
            "view_appointmentfinding",
            "view_workingday",
            "add_workingday",
            "change_workingday",
            "delete_workingday",
        ]
    ],
}


class TimeRange(Func):
    """tstzrange(start, end), the half-open time an appointment takes."""

    function = "TSTZRANGE"
    template = "%(function)s(%(expressions)s, '[)')"


def no_overlap(name: str, field: str) -> ExclusionConstraint:
    """Nobody (practitioner or client) holds two overlapping appointments that take time."""
    return ExclusionConstraint(
        name=name,
        expressions=[(TimeRange("start", "end"), RangeOperators.OVERLAPS), (field, RangeOperators.EQUAL)],
        condition=Q(status__in=HOLDING_TIME),
    )


def load(apps, schema_editor):
    """Create the defaults, leaving anything an admin already changed alone."""
    OpeningHours = apps.get_model("intake", "OpeningHours")
    for weekday, opens, closes in OPENING_HOURS:
        OpeningHours.objects.get_or_create(weekday=weekday, defaults={"opens": opens, "closes": closes})
    OverrideReason = apps.get_model("intake", "OverrideReason")
    for text in OVERRIDE_REASONS:
        OverrideReason.objects.get_or_create(text=text)
    Treatment = apps.get_model("intake", "Treatment")
    for code, name, treatment, minutes in CONSULTATIONS:
        target = Treatment.objects.get(code=treatment)
        Treatment.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "site": target.site,
                "duration_minutes": minutes,
                "consultation_for": target,
            },
        )
    grant(apps, ROLES)


def add_exclusion_constraints(apps, schema_editor):
    """On PostgreSQL, let the database itself refuse overlapping appointments (idempotent)."""
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    Appointment = apps.get_model("intake", "Appointment")
    with connection.cursor() as cursor:
        existing = connection.introspection.get_constraints(cursor, Appointment._meta.db_table)
    for name, field in CONSTRAINTS:
        if name not in existing:
            schema_editor.add_constraint(Appointment, no_overlap(name, field))


def remove_exclusion_constraints(apps, schema_editor):
    """Undo add_exclusion_constraints."""
    if schema_editor.connection.vendor != "postgresql":
        return
    Appointment = apps.get_model("intake", "Appointment")
    for name, field in CONSTRAINTS:
        schema_editor.remove_constraint(Appointment, no_overlap(name, field))


class Migration(migrations.Migration):
    dependencies = [("intake", "0007_booking")]
    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(add_exclusion_constraints, remove_exclusion_constraints),
    ]
