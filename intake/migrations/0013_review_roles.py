"""Let the staff roles see the review history and intake requests; practitioners and clinic admins
also clearances (their letters are medical), and clinic admins the dashboard."""

from django.db import migrations

from intake.migrations._roles import grant

SEEN_BY_ALL = ["intake.view_reviewaction", "intake.view_intakerequest"]
ROLES = {
    "Front desk": SEEN_BY_ALL,
    "Aesthetician": SEEN_BY_ALL + ["intake.view_clearance"],
    "Clinic admin": SEEN_BY_ALL + ["intake.view_clearance", "intake.view_dashboard"],
}


def grant_review_permissions(apps, schema_editor):
    """Grant the review permissions to the roles."""
    grant(apps, ROLES)


class Migration(migrations.Migration):
    dependencies = [("intake", "0012_review")]
    operations = [migrations.RunPython(grant_review_permissions, migrations.RunPython.noop)]
