"""Let the staff roles see rules and flags, and clinic admins manage the rules."""

from django.db import migrations

from intake.migrations._roles import grant

ROLES = {
    "Clinic admin": [f"intake.{action}_rule" for action in ("view", "add", "change", "delete")]
    + ["intake.view_flag"],
    "Front desk": ["intake.view_rule", "intake.view_flag"],
    "Aesthetician": ["intake.view_rule", "intake.view_flag"],
}


def grant_rule_permissions(apps, schema_editor):
    """Grant the rule and flag permissions to the roles."""
    grant(apps, ROLES)


class Migration(migrations.Migration):
    dependencies = [("intake", "0005_default_rules")]
    operations = [migrations.RunPython(grant_rule_permissions, migrations.RunPython.noop)]
