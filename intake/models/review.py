"""Review of flagged clients: what practitioners did about flags and appointments, dermatologist
clearances with their letters, and requests for an updated intake."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..storage import PrivateStorage
from .booking import Appointment
from .client import Client
from .history import HistoricalRecords
from .rules import Flag

__all__ = ["Clearance", "IntakeRequest", "ReviewAction", "ReviewActionKind"]

LETTER_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]
LETTER_MAX_BYTES = 5 * 1024 * 1024
# What a letter's first bytes must be for its extension: a renamed executable is not a PDF.
LETTER_SIGNATURES = {
    "pdf": b"%PDF-",
    "jpg": b"\xff\xd8\xff",
    "jpeg": b"\xff\xd8\xff",
    "png": b"\x89PNG\r\n\x1a\n",
}


def letter_path(instance, filename: str) -> str:
    """A random name for a stored letter: the client's name never appears on disk."""
    return f"clearances/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


def validate_letter(letter) -> None:
    """Refuse a letter over the size limit, or one whose content is not what its extension says."""
    if letter.size > LETTER_MAX_BYTES:
        raise ValidationError(
            _("The letter is larger than %(limit)s MB."), params={"limit": LETTER_MAX_BYTES // 2**20}
        )
    extension = PurePath(letter.name).suffix.lower().lstrip(".")
    signature = LETTER_SIGNATURES.get(extension)
    if signature is None:
        return  # FileExtensionValidator names the extension.
    letter.seek(0)
    head = letter.read(len(signature))
    letter.seek(0)
    if head != signature:
        raise ValidationError(_("The file is not a real %(type)s."), params={"type": extension.upper()})


class ReviewActionKind(models.TextChoices):
    """What a practitioner did about a flag or an appointment in review."""

    ACKNOWLEDGE = "acknowledge", _("Caution acknowledged")
    CLEARANCE = "clearance", _("Dermatologist clearance recorded")
    INTAKE_REQUEST = "intake_request", _("Updated intake requested")
    REFER = "refer", _("Referred to a dermatologist")
    RESOLVE = "resolve", _("Resolved")


class ReviewAction(models.Model):
    """One step in reviewing a client: on a flag, an appointment or the client, by whom, when, with a note."""

    Kind = ReviewActionKind

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="review_actions", verbose_name=_("client")
    )
    flag = models.ForeignKey(
        Flag,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="review_actions",
        verbose_name=_("flag"),
    )
    appointment = models.ForeignKey(
        Appointment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="review_actions",
        verbose_name=_("appointment"),
    )
    # The rule code acted on, kept as text: an appointment's findings are replaced on every screening.
    code = models.CharField(_("rule"), max_length=40, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=Kind.choices)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("review action")
        permissions = [("view_dashboard", _("Can see the clinic dashboard"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=ReviewActionKind.values), name="review_action_valid"
            ),
        ]
        indexes = [models.Index(fields=["client", "at"], name="review_action_client_idx")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.client}"


class Clearance(models.Model):
    """A dermatologist's clearance of a client, dated, with the letter (if any) stored privately."""

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="clearances", verbose_name=_("client")
    )
    date = models.DateField(_("date of the clearance"))
    letter = models.FileField(
        _("letter"),
        upload_to=letter_path,
        storage=PrivateStorage(),
        max_length=200,
        blank=True,
        validators=[FileExtensionValidator(LETTER_EXTENSIONS), validate_letter],
        help_text=_("PDF, JPEG or PNG, at most 5 MB. Only staff who may see the client can open it."),
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("dermatologist clearance")

    def __str__(self) -> str:
        return f"{self.client} — {self.date:%d %b %Y}"


class IntakeRequest(models.Model):
    """A request that the client update their intake; a later issue sends them a self-service link."""

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="intake_requests", verbose_name=_("client")
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    at = models.DateTimeField(_("requested"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("intake request")

    def __str__(self) -> str:
        return f"{self.client} — {self.at:%d %b %Y}"
