"""Load the default catalogue entries and codes of the intake document contract."""
from django.db import migrations

SITES = [
    ("face", "Face"), ("scalp", "Scalp"), ("neck", "Neck"), ("chest", "Chest"),
    ("back", "Back"), ("hands", "Hands"), ("body", "Body"),
]
CONDITIONS = [
    ("eczema", "Eczema (atopic dermatitis)"), ("psoriasis", "Psoriasis"), ("rosacea", "Rosacea"),
    ("acne", "Acne"), ("seborrheic-dermatitis", "Seborrheic dermatitis"),
    ("folliculitis", "Folliculitis"), ("skin-infection", "Skin infection (bacterial, fungal, tinea)"),
    ("herpes-simplex", "Herpes simplex (cold sores)"),
    ("suspicious-lesion", "Suspicious lesion or skin cancer"), ("diabetes", "Diabetes"),
]
MEDICATIONS = [
    ("isotretinoin", "Isotretinoin"), ("topical-retinoid", "Topical retinoid"),
    ("aha-bha", "AHA/BHA acids"), ("anticoagulant", "Anticoagulant (blood thinner)"),
    ("oral-steroid", "Oral steroid"), ("immunosuppressant", "Immunosuppressant"),
    ("photosensitising", "Photosensitising medication"), ("minoxidil", "Minoxidil"),
]
PROCEDURES = [
    ("chemical-peel", "Chemical peel"), ("laser", "Laser treatment"), ("waxing", "Waxing"),
    ("injectables", "Injectables (fillers, botulinum toxin)"), ("surgery", "Surgery"),
    ("hair-colouring", "Hair colouring"), ("hair-bleaching", "Hair bleaching"),
    ("perm-relaxer", "Perm or relaxer"), ("hair-transplant", "Hair transplant"),
]
METHODS = [("crystal", "Crystal (aluminium oxide)"), ("diamond-tip", "Diamond-tip")]
INTENSITIES = [("gentle", "Gentle", 1), ("standard", "Standard", 2), ("intense", "Intense", 3)]
TREATMENTS = [
    ("microdermabrasion-face", "Facial microdermabrasion", "face", 60,
     "Exfoliation of the face with crystals or a diamond tip."),
    ("microdermabrasion-scalp", "Scalp microdermabrasion", "scalp", 45,
     "Exfoliation of the scalp for dandruff, build-up, oiliness and itch."),
]


def load(apps, schema_editor):
    """Create every default entry, leaving entries an admin already changed alone."""
    for model_name, rows in [
        ("BodySite", SITES), ("Condition", CONDITIONS), ("Medication", MEDICATIONS),
        ("Procedure", PROCEDURES), ("Method", METHODS),
    ]:
        model = apps.get_model("intake", model_name)
        for code, name in rows:
            model.objects.get_or_create(code=code, defaults={"name": name})
    Intensity = apps.get_model("intake", "Intensity")
    for code, name, rank in INTENSITIES:
        Intensity.objects.get_or_create(code=code, defaults={"name": name, "rank": rank})
    BodySite = apps.get_model("intake", "BodySite")
    Treatment = apps.get_model("intake", "Treatment")
    Method = apps.get_model("intake", "Method")
    for code, name, site, minutes, description in TREATMENTS:
        treatment, created = Treatment.objects.get_or_create(
            code=code,
            defaults={
                "name": name, "site": BodySite.objects.get(code=site),
                "duration_minutes": minutes, "description": description,
            },
        )
        if created:
            treatment.methods.set(Method.objects.all())
            treatment.intensities.set(Intensity.objects.all())


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
