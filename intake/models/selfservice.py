"""Client self-service: pre-visit intake links, versioned consent texts and signed consents."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .catalogue import Treatment
from .client import Client
from .history import HistoricalRecords
from .intake import Intake

__all__ = ["ClinicSettings", "ConsentSignature", "ConsentText", "IntakeLink"]


class ClinicSettings(models.Model):
    """Clinic-wide settings an admin edits (one row)."""

    intake_link_days = models.PositiveSmallIntegerField(
        _("intake links expire after (days)"),
        default=7,
        help_text=_("How long a pre-visit intake link works."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("clinic settings")
        verbose_name_plural = _("clinic settings")
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="clinic_settings_single_row")]

    def __str__(self) -> str:
        return str(_("Clinic settings"))

    @classmethod
    def current(cls) -> "ClinicSettings":
        """The settings row (made with the defaults if missing)."""
        return cls.objects.get_or_create(pk=1)[0]


class IntakeLink(models.Model):
    """A single-use, expiring link that lets one client fill in their own intake before a visit.

    Only a hash of the token is stored: the link itself exists in the e-mail or QR code alone.
    """

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="intake_links")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    treatments = models.ManyToManyField(
        Treatment, blank=True, related_name="+", verbose_name=_("consent asked for")
    )
    sent_to = models.EmailField(_("sent to"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    draft = models.JSONField(_("saved progress"), default=dict, blank=True)
    intake = models.OneToOneField(
        Intake,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="link",
        verbose_name=_("submitted"),
    )

    history = HistoricalRecords(excluded_fields=["draft"])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("intake link")

    def __str__(self) -> str:
        return f"{self.client} — {self.created_at:%d %b %Y %H:%M}"

    def usable(self, now: datetime.datetime | None = None) -> bool:
        """Whether the link still opens the form: not used and not expired."""
        return self.used_at is None and (now or timezone.now()) < self.expires_at


class ConsentText(models.Model):
    """The consent wording for a treatment; a change is a new version, never an edit."""

    treatment = models.ForeignKey(Treatment, on_delete=models.PROTECT, related_name="consent_texts")
    version = models.PositiveIntegerField(_("version"), editable=False)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("published"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["treatment", "-version"]
        verbose_name = _("consent text")
        constraints = [
            models.UniqueConstraint(fields=["treatment", "version"], name="consent_text_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.treatment} — v{self.version}"


class ConsentSignature(models.Model):
    """A client's signed consent to a treatment, against one consent text version; never changed."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="consents")
    consent_text = models.ForeignKey(ConsentText, on_delete=models.PROTECT, related_name="signatures")
    signed_at = models.DateTimeField(_("signed"))
    signer_name = models.CharField(_("signed by"), max_length=200)
    signature = models.TextField(_("drawn signature (PNG data URL)"), blank=True, max_length=200_000)
    guardian_name = models.CharField(_("guardian's name"), max_length=200, blank=True)
    guardian_signature = models.TextField(_("guardian's drawn signature"), blank=True, max_length=200_000)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=400, blank=True)
    link = models.ForeignKey(
        IntakeLink, on_delete=models.SET_NULL, null=True, blank=True, related_name="consents"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-signed_at"]
        verbose_name = _("signed consent")
        indexes = [models.Index(fields=["client", "signed_at"], name="consent_client_idx")]

    def __str__(self) -> str:
        return f"{self.signer_name} — {self.consent_text} ({self.signed_at:%d %b %Y})"
