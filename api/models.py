"""What the CDS Hooks service keeps: the cards it issued, and what the CDS client reported doing with them."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from intake.models import Client, Treatment
from intake.rules.findings import Level

__all__ = ["CardOutcome", "CdsCard"]


class CardOutcome(models.TextChoices):
    """What the user did with a card, as the CDS client's feedback reports it."""

    ACCEPTED = "accepted", _("accepted")
    OVERRIDDEN = "overridden", _("overridden")


class CdsCard(models.Model):
    """A card the CDS Hooks service answered with: one finding for one proposed appointment.

    The card's uuid is how the CDS client's feedback names it; the feedback (accepted, or overridden
    with a reason) is kept on the card, and its history is in the audit trail.
    """

    uuid = models.UUIDField(_("card id"), default=uuid.uuid4, unique=True, editable=False)
    service = models.CharField(_("CDS service"), max_length=100)
    hook_instance = models.CharField(_("hook instance"), max_length=100)
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="+", verbose_name=_("client"))
    treatment = models.ForeignKey(
        Treatment, on_delete=models.PROTECT, related_name="+", verbose_name=_("treatment")
    )
    start = models.DateTimeField(_("proposed start"))
    appointment_ref = models.CharField(
        _("proposed appointment (CDS client's id)"), max_length=100, blank=True
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices())
    finding = models.JSONField(_("finding"))
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    issued_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("issued to"),
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=CardOutcome.choices, blank=True)
    outcome_at = models.DateTimeField(_("outcome reported for"), null=True, blank=True)
    override_reason = models.TextField(_("override reason"), blank=True, max_length=2000)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("feedback reported by"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_at", "id"]
        verbose_name = _("CDS card")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=["", *CardOutcome.values]), name="cds_card_outcome_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.finding.get('code', '')} ({self.level}) — {self.client}"
