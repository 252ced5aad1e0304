"""Create the three staff roles as groups with their permissions."""
from django.db import migrations

from intake.migrations._roles import grant

CLINICAL_VIEW = [
    "intake.view_client", "intake.view_intake", "intake.view_intakecondition",
    "intake.view_intakemedication", "intake.view_intakeprocedure",
    "intake.view_intakepriortreatment", "intake.view_treatment",
]
CATALOGUES = ["bodysite", "condition", "medication", "procedure", "method", "intensity", "treatment"]
MODELS = CATALOGUES + [
    "client", "intake", "intakecondition", "intakemedication", "intakeprocedure",
    "intakepriortreatment",
]

ROLES = {
    "Front desk": CLINICAL_VIEW + ["intake.add_client", "intake.change_client", "intake.add_intake"],
    "Aesthetician": CLINICAL_VIEW + ["intake.change_client", "intake.add_intake"],
    "Clinic admin": [
        f"intake.{action}_{model}" for model in MODELS for action in ("view", "add", "change", "delete")
    ] + [
        f"auth.{action}_{model}" for model in ("user", "group") for action in ("view", "add", "change")
    ],
}


def create_roles(apps, schema_editor):
    """Create the groups and grant their permissions."""
    grant(apps, ROLES)


class Migration(migrations.Migration):
    dependencies = [("intake", "0002_default_catalogues"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
