"""Give every row that existed before history was kept its first historical record, so that any
later change can be compared with, and rolled back to, the original (the default rules above all)."""

from django.db import migrations
from django.utils import timezone

HISTORIED = [
    "BodySite",
    "Condition",
    "Medication",
    "Procedure",
    "Method",
    "Intensity",
    "Treatment",
    "Client",
    "Intake",
    "IntakeCondition",
    "IntakeMedication",
    "IntakeProcedure",
    "IntakePriorTreatment",
    "Rule",
    "Flag",
    "OpeningHours",
    "Practitioner",
    "WorkingDay",
    "OverrideReason",
    "Appointment",
    "AppointmentFinding",
    "BookingAttempt",
]


def populate(apps, schema_editor):
    """Create an "initial" historical record for each row that has none (idempotent)."""
    now = timezone.now()
    for name in HISTORIED:
        model = apps.get_model("intake", name)
        history = apps.get_model("intake", f"Historical{name}")
        recorded = set(history.objects.values_list("id", flat=True))
        fields = [field.attname for field in model._meta.concrete_fields]
        history.objects.bulk_create(
            history(
                **{field: getattr(row, field) for field in fields},
                history_date=now,
                history_type="+",
                history_change_reason="initial",
            )
            for row in model.objects.exclude(pk__in=recorded).iterator()
        )


class Migration(migrations.Migration):
    dependencies = [("intake", "0010_audit_defaults")]
    operations = [migrations.RunPython(populate, migrations.RunPython.noop)]
