"""Self-service defaults: the settings row, the first consent texts, the roles' permissions, and
the shared cache table the rate limits count in."""

from django.core.management import call_command
from django.db import migrations

from intake.migrations._roles import grant

RISKS = (
    "Microdermabrasion gently removes the outer layer of skin. Afterwards you may have temporary "
    "redness, sensitivity and mild discomfort, usually gone within two days. "
)
CONSENT_TEXTS = {
    "microdermabrasion-face": RISKS
    + "Aftercare: use gentle skincare and a moisturiser, apply sunscreen daily and avoid exfoliating "
    "products for a week.",
    "microdermabrasion-scalp": RISKS
    + "Aftercare: protect your scalp from the sun and avoid harsh hair products, colouring and hot "
    "styling tools for a few days.",
}
ROLES = {
    "Front desk": ["intake.add_intakelink", "intake.view_intakelink", "intake.view_consentsignature", "intake.change_intake",
                   "intake.view_consenttext"],
    "Aesthetician": ["intake.add_intakelink", "intake.view_intakelink", "intake.view_consentsignature",
                     "intake.view_consenttext", "intake.change_intake"],
    "Clinic admin": ["intake.add_intakelink", "intake.view_intakelink", "intake.view_consentsignature",
                     "intake.view_consenttext", "intake.add_consenttext", "intake.view_clinicsettings",
                     "intake.change_clinicsettings"],
}


def load(apps, schema_editor):
    """Create the defaults once."""
    apps.get_model("intake", "ClinicSettings").objects.get_or_create(pk=1)
    Treatment = apps.get_model("intake", "Treatment")
    ConsentText = apps.get_model("intake", "ConsentText")
    for code, text in CONSENT_TEXTS.items():
        treatment = Treatment.objects.filter(code=code).first()
        if treatment and not ConsentText.objects.filter(treatment=treatment).exists():
            ConsentText.objects.create(treatment=treatment, version=1, text=text)
    grant(apps, ROLES)
    call_command("createcachetable", verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("intake", "0014_selfservice")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
