"""Intake versions: a client's skin and scalp history as submitted at one moment, never edited."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .catalogue import BodySite, Condition, Medication, Procedure, Treatment
from .client import Client
from .history import HistoricalRecords

__all__ = [
    "ConditionStatus",
    "Intake",
    "IntakeCondition",
    "IntakeMedication",
    "IntakePriorTreatment",
    "IntakeProcedure",
]


class ConditionStatus(models.TextChoices):
    """Clinical status of a condition, after FHIR Condition.clinicalStatus."""

    ACTIVE = "active", _("Active (flare-up now)")
    RECURRENCE = "recurrence", _("Recurrence")
    RELAPSE = "relapse", _("Relapse")
    INACTIVE = "inactive", _("Inactive (controlled)")
    REMISSION = "remission", _("Remission")
    RESOLVED = "resolved", _("Resolved (history only)")


class Intake(models.Model):
    """One immutable version of a client's intake; the newest one is current."""

    class Source(models.TextChoices):
        STAFF = "staff", _("Filled in by staff")
        CLIENT = "client", _("Submitted by the client")
        IMPORT = "import", _("Imported document")

    class SkinType(models.TextChoices):
        NORMAL = "normal", _("Normal")
        DRY = "dry", _("Dry")
        OILY = "oily", _("Oily")
        COMBINATION = "combination", _("Combination")

    class ScalpType(models.TextChoices):
        NORMAL = "normal", _("Normal")
        DRY = "dry", _("Dry")
        OILY = "oily", _("Oily")
        COMBINATION = "combination", _("Combination")

    FITZPATRICK_CHOICES = [(n, f"{roman}") for n, roman in enumerate(["I", "II", "III", "IV", "V", "VI"], 1)]

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="intakes")
    version = models.PositiveIntegerField(_("version"))
    is_current = models.BooleanField(_("current"), default=True)
    intake_date = models.DateField(_("intake date"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.STAFF)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    checked_at = models.DateTimeField(
        _("checked by staff"), null=True, blank=True, help_text=_("For an intake the client submitted.")
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )

    fitzpatrick = models.PositiveSmallIntegerField(
        _("Fitzpatrick skin type"), choices=FITZPATRICK_CHOICES, null=True, blank=True
    )
    skin_type = models.CharField(_("skin type"), max_length=12, choices=SkinType.choices, blank=True)
    sensitive = models.BooleanField(_("sensitive skin (self-reported)"), default=False)
    concerns = models.TextField(_("skin concerns"), blank=True, max_length=2000)
    goals = models.TextField(_("goals"), blank=True, max_length=2000)

    scalp_type = models.CharField(_("scalp type"), max_length=12, choices=ScalpType.choices, blank=True)
    dandruff = models.BooleanField(_("dandruff"), default=False)
    itch = models.BooleanField(_("itchy scalp"), default=False)
    oiliness = models.BooleanField(_("oily scalp"), default=False)
    hair_loss = models.BooleanField(_("hair loss"), default=False)

    pregnant = models.BooleanField(_("pregnant"), default=False)
    breastfeeding = models.BooleanField(_("breastfeeding"), default=False)
    aluminium_allergy = models.BooleanField(_("allergy to aluminium"), default=False)
    keloid_scarring = models.BooleanField(_("keloid scarring"), default=False)
    sunburn_sites = models.ManyToManyField(
        BodySite, blank=True, related_name="+", verbose_name=_("sunburn now at")
    )
    broken_skin_sites = models.ManyToManyField(
        BodySite, blank=True, related_name="+", verbose_name=_("open wounds or broken skin at")
    )

    guardian_consent = models.BooleanField(_("guardian consent given (clients under 18)"), default=False)
    guardian_name = models.CharField(_("guardian's name"), max_length=200, blank=True)
    consent_given = models.BooleanField(_("consent to treatment risks"), default=False)
    consent_name = models.CharField(_("consent signed by"), max_length=200, blank=True)
    dermatologist_clearance_date = models.DateField(_("dermatologist clearance date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=4000)

    history = HistoricalRecords(m2m_fields=[sunburn_sites, broken_skin_sites])

    class Meta:
        ordering = ["client", "-version"]
        get_latest_by = "version"
        verbose_name = _("intake")
        constraints = [
            models.UniqueConstraint(fields=["client", "version"], name="intake_unique_version"),
            models.UniqueConstraint(
                fields=["client"], condition=Q(is_current=True), name="intake_one_current_per_client"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} — intake v{self.version} ({self.intake_date:%d %b %Y})"

    @property
    def needs_check(self) -> bool:
        """Whether staff still have to check this version (the client submitted it themselves)."""
        return self.source == self.Source.CLIENT and self.checked_at is None


class IntakeCondition(models.Model):
    """A condition reported in an intake, with its clinical status and the sites it affects."""

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="conditions")
    condition = models.ForeignKey(Condition, on_delete=models.PROTECT, verbose_name=_("condition"))
    status = models.CharField(_("status"), max_length=12, choices=ConditionStatus.choices)
    sites = models.ManyToManyField(BodySite, blank=True, related_name="+", verbose_name=_("body sites"))

    history = HistoricalRecords(m2m_fields=[sites])

    class Meta:
        verbose_name = _("condition entry")
        verbose_name_plural = _("condition entries")

    def __str__(self) -> str:
        return f"{self.condition} ({self.get_status_display()})"


class IntakeMedication(models.Model):
    """A medication reported in an intake: taken now, or when it was last taken."""

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="medications")
    medication = models.ForeignKey(Medication, on_delete=models.PROTECT, verbose_name=_("medication"))
    current = models.BooleanField(_("taken now"), default=False)
    last_taken = models.DateField(_("last taken"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("medication entry")
        verbose_name_plural = _("medication entries")

    def __str__(self) -> str:
        return str(self.medication)


class IntakeProcedure(models.Model):
    """A recent procedure reported in an intake, with its date and sites."""

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="procedures")
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, verbose_name=_("procedure"))
    date = models.DateField(_("date"))
    sites = models.ManyToManyField(BodySite, blank=True, related_name="+", verbose_name=_("body sites"))

    history = HistoricalRecords(m2m_fields=[sites])

    class Meta:
        verbose_name = _("procedure entry")
        verbose_name_plural = _("procedure entries")

    def __str__(self) -> str:
        return f"{self.procedure} ({self.date:%d %b %Y})"


class IntakePriorTreatment(models.Model):
    """A treatment session or consultation the client reported having had elsewhere."""

    class Kind(models.TextChoices):
        SESSION = "session", _("Treatment session")
        CONSULTATION = "consultation", _("Consultation")

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="prior_treatments")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    treatment = models.ForeignKey(Treatment, on_delete=models.PROTECT, verbose_name=_("treatment"))
    date = models.DateField(_("date"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reported session or consultation")
        verbose_name_plural = _("reported sessions and consultations")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.treatment} ({self.date:%d %b %Y})"
