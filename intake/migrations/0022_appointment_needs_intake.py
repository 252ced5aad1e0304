"""Whether screening refused an appointment for want of a current intake, kept on the appointment
with its worst finding: the schedule tested every row's findings for it. Filled from the stored
findings; earlier historical records keep False, the field being new."""

from django.db import migrations, models

INTAKE_REQUIRED_CODES = ["INTAKE-MISSING", "INTAKE-EXPIRED"]


def fill(apps, schema_editor):
    """Mark the appointments holding a finding that wants an intake."""
    appointments = apps.get_model("intake", "Appointment")
    findings = apps.get_model("intake", "AppointmentFinding")
    wanting = findings.objects.filter(code__in=INTAKE_REQUIRED_CODES).values("appointment_id")
    appointments.objects.filter(pk__in=wanting).update(needs_intake=True)


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0021_held_appointment_order_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="appointment",
            name="needs_intake",
            field=models.BooleanField(db_default=False, default=False, verbose_name="needs an intake"),
        ),
        migrations.AddField(
            model_name="historicalappointment",
            name="needs_intake",
            field=models.BooleanField(db_default=False, default=False, verbose_name="needs an intake"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
