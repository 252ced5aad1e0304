"""Load the default rule set of the clinical brief (docs/rules.md lists it) and the rule set version stamp.

Every number is a parameter a clinic admin can change. Where the brief speaks in months, the rule
counts days and takes the longest such span, the cautious reading: 6 months is 184 days
(July to December), 12 months is 366 days (a leap year).
"""

import uuid

from django.db import migrations
from django.utils import timezone

FLARE = ["active", "recurrence", "relapse"]
CONTROLLED = ["inactive", "remission"]
NOT_ACTIVE = ["inactive", "remission", "resolved"]
PRESENT = FLARE + CONTROLLED
FACE, SCALP, ALL = ["microdermabrasion-face"], ["microdermabrasion-scalp"], []
SITE, ANY = "site", "any"
CONTRAINDICATED, CAUTION, ADVICE = "contraindicated", "caution", "advice"


def condition(codes, statuses):
    return "condition", {"conditions": codes, "statuses": statuses}


def medication(codes, within_days=None):
    params = {"medications": codes}
    if within_days is not None:
        params["within_days"] = within_days
    return "medication", params


def procedure(codes, within_days):
    return "procedure", {"procedures": codes, "within_days": within_days}


# code, (kind, params), level, treatments, site scope, intensity cap, message, hint. Messages and
# hints may cite a parameter as {name}, so the wording follows when an admin changes the number.
# fmt: off
RULES = [
    ("ECZ-ACTIVE", condition(["eczema"], FLARE), CONTRAINDICATED, ALL, ANY, None,
     "Active eczema flare-up",
     "Wait until the flare-up subsides: a flare-up means reactive skin at every site."),
    ("ECZ-CONTROLLED", condition(["eczema"], NOT_ACTIVE), CAUTION, ALL, ANY, "gentle",
     "Eczema, not active now: dermatologist clearance recommended",
     "Check for a dermatologist's clearance; treat at gentle intensity at most."),
    ("ECZ-AFTERCARE", condition(["eczema"], NOT_ACTIVE), ADVICE, ALL, ANY, None,
     "Eczema history: gentle aftercare",
     "Recommend gentle aftercare with the clinic's recommended moisturisers."),
    ("SENSITIVE-SKIN", ("answer", {"answers": ["sensitive"]}), CAUTION, ALL, ANY, "gentle",
     "Self-reported sensitive skin",
     "Consult before treating; treat at gentle intensity at most."),
    ("PSO-ACTIVE", condition(["psoriasis"], FLARE), CONTRAINDICATED, ALL, SITE, None,
     "Active psoriasis at the treatment site",
     "Do not treat: abrasion can trigger new plaques (Koebner phenomenon)."),
    ("PSO-CONTROLLED", condition(["psoriasis"], CONTROLLED), CAUTION, ALL, ANY, None,
     "Psoriasis, controlled",
     "Treat gently and watch for new plaques where the skin is abraded (Koebner phenomenon)."),
    ("ROS-ACTIVE", condition(["rosacea"], FLARE), CONTRAINDICATED, FACE, SITE, None,
     "Active rosacea at the treatment site",
     "Do not treat until the rosacea has calmed down."),
    ("ACNE-ACTIVE", condition(["acne"], FLARE), CONTRAINDICATED, FACE, SITE, None,
     "Active acne with inflamed pustules at the treatment site",
     "Do not treat over inflamed acne."),
    ("SEB-ACTIVE", condition(["seborrheic-dermatitis"], FLARE), CAUTION, ALL, SITE, None,
     "Active seborrheic dermatitis at the treatment site",
     "Assess the skin first; treat gently or postpone."),
    ("INFECTION-SITE", condition(["folliculitis", "skin-infection"], PRESENT), CONTRAINDICATED, ALL, SITE,
     None,
     "Folliculitis or skin infection at the treatment site",
     "Do not treat until the infection has cleared; refer to a doctor if needed."),
    ("HSV-ACTIVE", condition(["herpes-simplex"], FLARE), CONTRAINDICATED, FACE, ANY, None,
     "Active cold sore (herpes simplex)",
     "Do not treat until the cold sore has healed."),
    ("HSV-HISTORY", condition(["herpes-simplex"], NOT_ACTIVE), CAUTION, FACE, ANY, None,
     "History of cold sores (herpes simplex)",
     "Discuss antiviral prophylaxis with the client's doctor before treating."),
    ("LESION-SITE", condition(["suspicious-lesion"], PRESENT), CONTRAINDICATED, ALL, SITE, None,
     "Suspicious lesion or skin cancer at the treatment site",
     "Do not treat; refer the client to a doctor."),
    ("SUNBURN-SITE", ("site_answer", {"answers": ["sunburn_sites"]}), CONTRAINDICATED, ALL, SITE, None,
     "Sunburn at the treatment site",
     "Do not treat until the skin has healed."),
    ("BROKEN-SKIN-SITE", ("site_answer", {"answers": ["broken_skin_sites"]}), CONTRAINDICATED, ALL, SITE,
     None,
     "Open wounds or broken skin at the treatment site",
     "Do not treat until the skin has healed."),
    ("ISO-WINDOW", medication(["isotretinoin"], 184), CONTRAINDICATED, ALL, ANY, None,
     "Isotretinoin taken within the last {within_days} days",
     "Do not treat until {within_days} days after the last dose: the skin is fragile and scars easily."),
    ("RETINOID-AHA-WINDOW", medication(["topical-retinoid", "aha-bha"], 7), CAUTION, ALL, ANY, None,
     "Topical retinoid or AHA/BHA acids used within the last {within_days} days",
     "Ask the client to pause them for {within_days} days before the treatment."),
    ("ANTICOAG-CURRENT", medication(["anticoagulant"]), CAUTION, ALL, ANY, None,
     "Taking anticoagulants (blood thinners)",
     "Bruising is more likely: treat gently and tell the client."),
    ("STEROID-IMMUNO-CURRENT", medication(["oral-steroid", "immunosuppressant"]), CAUTION, ALL, ANY, None,
     "Taking oral steroids or immunosuppressants",
     "Slower healing and a higher risk of infection: treat gently."),
    ("DIABETES", condition(["diabetes"], PRESENT), CAUTION, ALL, ANY, None,
     "Diabetes",
     "Slower healing: treat gently and check the skin closely."),
    ("PEEL-WINDOW", procedure(["chemical-peel"], 14), CONTRAINDICATED, ALL, SITE, None,
     "Chemical peel at the treatment site within the last {within_days} days",
     "Wait until {within_days} days after the peel."),
    ("LASER-WINDOW", procedure(["laser"], 28), CONTRAINDICATED, ALL, SITE, None,
     "Laser treatment at the treatment site within the last {within_days} days",
     "Wait until {within_days} days after the laser treatment."),
    ("WAX-WINDOW", procedure(["waxing"], 7), CONTRAINDICATED, ALL, SITE, None,
     "Waxing at the treatment site within the last {within_days} days",
     "Wait until {within_days} days after the waxing."),
    ("INJECT-WINDOW", procedure(["injectables"], 14), CONTRAINDICATED, ALL, SITE, None,
     "Injectables at the treatment site within the last {within_days} days",
     "Wait until {within_days} days after the injections."),
    ("HAIR-CHEM-WINDOW", procedure(["hair-colouring", "hair-bleaching", "perm-relaxer"], 7), CAUTION, SCALP,
     ANY, None,
     "Hair colouring, bleaching, perm or relaxer within the last {within_days} days",
     "The scalp may be sensitised: assess it and treat gently, or postpone."),
    ("TRANSPLANT-WINDOW", procedure(["hair-transplant"], 366), CONTRAINDICATED, SCALP, ANY, None,
     "Hair transplant within the last {within_days} days",
     "Do not treat the scalp until {within_days} days after the transplant."),
    ("MINOXIDIL", medication(["minoxidil"], 2), CAUTION, SCALP, ANY, None,
     "Using minoxidil",
     "Ask the client to pause minoxidil for {within_days} days before and after the treatment."),
    ("PREG-BF", ("answer", {"answers": ["pregnant", "breastfeeding"]}), CAUTION, ALL, ANY, None,
     "Pregnant or breastfeeding",
     "Hormonal skin changes make reactions more likely: treat gently."),
    ("KELOID", ("answer", {"answers": ["keloid_scarring"]}), CAUTION, ALL, ANY, None,
     "History of keloid scarring",
     "Raised scars are more likely: discuss it with the client and treat gently."),
    ("ALU-CRYSTAL", ("answer", {"answers": ["aluminium_allergy"], "methods": ["crystal"]}), CONTRAINDICATED,
     ALL, ANY, None,
     "Allergy to aluminium: no crystal (aluminium oxide) method",
     "Use the diamond-tip method instead."),
    ("MINOR-CONSENT", ("minor_without_consent", {"age": 18}), CONTRAINDICATED, ALL, ANY, None,
     "Client under {age} without a guardian's consent",
     "Record a guardian's consent before treating."),
    ("INTAKE-MISSING", ("intake_missing", {}), CONTRAINDICATED, ALL, ANY, None,
     "No intake on file",
     "Fill in an intake with the client before treating."),
    ("INTAKE-EXPIRED", ("intake_age", {"days": 365}), CONTRAINDICATED, ALL, ANY, None,
     "Intake older than {days} days",
     "A new intake is required before treating."),
    ("INTAKE-STALE", ("intake_age", {"days": 90}), CAUTION, ALL, ANY, None,
     "Intake older than {days} days",
     "Confirm with the client that nothing has changed, or fill in a new intake."),
    ("FREQUENCY", ("session_interval", {"min_days": 14}), CAUTION, ALL, ANY, None,
     "Same treatment less than {min_days} days from another session",
     "Space sessions of this treatment at least {min_days} days apart."),
    ("CONSULT-FIRST", ("consultation_first", {}), CAUTION, SCALP, ANY, None,
     "First scalp treatment with no consultation on file",
     "Hold a consultation before the first treatment."),
    ("ADVICE-SCALP", ("always", {}), ADVICE, SCALP, ANY, None,
     "Scalp aftercare",
     "Protect the scalp from the sun; avoid harsh hair products and hot styling tools. Mild redness for "
     "a few hours up to two days is expected."),
    ("ADVICE-FACE", ("always", {}), ADVICE, FACE, ANY, None,
     "Facial aftercare",
     "Gentle skincare, a moisturiser and sunscreen."),
    ("INTENSITY-CAP", ("intensity_above_cap", {}), CAUTION, ALL, ANY, None,
     "Booked intensity is above the cap another finding sets",
     "Book at the capped intensity or milder."),
]
# fmt: on


def load(apps, schema_editor):
    """Create the default rules (leaving any an admin already made alone) and the version stamp."""
    Rule = apps.get_model("intake", "Rule")
    Treatment = apps.get_model("intake", "Treatment")
    Intensity = apps.get_model("intake", "Intensity")
    RuleSetVersion = apps.get_model("intake", "RuleSetVersion")
    for code, (kind, params), level, treatments, scope, cap, message, hint in RULES:
        rule, created = Rule.objects.get_or_create(
            code=code,
            defaults={
                "kind": kind,
                "params": params,
                "level": level,
                "site_scope": scope,
                "max_intensity": Intensity.objects.get(code=cap) if cap else None,
                "message": message,
                "hint": hint,
            },
        )
        if created:
            rule.treatments.set(Treatment.objects.filter(code__in=treatments))
    RuleSetVersion.objects.update_or_create(
        pk=1, defaults={"token": uuid.uuid4().hex, "changed_at": timezone.now()}
    )


class Migration(migrations.Migration):
    dependencies = [("intake", "0004_rules_and_flags")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
