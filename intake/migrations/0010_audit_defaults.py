"""The audit chain's head row, and the Clinic admin's right to read the trail."""

from django.db import migrations

from intake.migrations._roles import grant


def load(apps, schema_editor):
    """Create the chain head (idempotent) and grant reading the trail to clinic admins."""
    apps.get_model("intake", "AuditChainHead").objects.get_or_create(pk=1)
    grant(apps, {"Clinic admin": ["intake.view_auditentry"]})


class Migration(migrations.Migration):
    dependencies = [("intake", "0009_history_and_audit")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
