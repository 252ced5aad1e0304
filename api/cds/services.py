"""Writes of the CDS Hooks service: the cards it issues, and the feedback on them (audited)."""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intake.audit import acted_by
from intake.models import BookingAttempt, Client
from intake.rules.findings import Finding, Level
from intake.services.booking import OVERRIDE_PERMISSION, booking_screen

from ..models import CardOutcome, CdsCard

__all__ = ["cds_cards_issue", "cds_feedback_record"]


@acted_by
@transaction.atomic
def cds_cards_issue(
    *, service: str, hook_instance: str, client: Client, proposals: list[dict], by: AbstractBaseUser
) -> list[tuple[CdsCard, Finding, dict]]:
    """Screen each proposed appointment as booking would, and keep a card for every finding.

    Returns (card, finding, proposal) for each, most severe first within each appointment.
    """
    issued = []
    for proposal in proposals:
        result = booking_screen(
            client=client,
            treatment=proposal["treatment"],
            on=timezone.localtime(proposal["start"]).date(),
            method=proposal["method"],
            intensity=proposal["intensity"],
        )
        for finding in result.findings:
            card = CdsCard.objects.create(
                service=service,
                hook_instance=hook_instance,
                client=client,
                treatment=proposal["treatment"],
                start=proposal["start"],
                appointment_ref=proposal["ref"],
                level=finding.level.slug,
                finding=finding.as_dict(),
                issued_to=by,
            )
            issued.append((card, finding, proposal))
    return issued


@acted_by
@transaction.atomic
def cds_feedback_record(
    *, card: CdsCard, outcome: str, reason: str, at: datetime.datetime, by: AbstractBaseUser
) -> CdsCard:
    """Keep what the user did with a card. Overriding a contraindication needs the override permission,
    as on the booking page, and is logged as an overridden booking attempt with its finding."""
    overriding = outcome == CardOutcome.OVERRIDDEN and card.level == Level.CONTRAINDICATED.slug
    if overriding and not by.has_perm(OVERRIDE_PERMISSION):
        raise PermissionDenied(_("You may not override a contraindication."))
    card.outcome, card.override_reason, card.outcome_at, card.reported_by = outcome, reason, at, by
    card.save(update_fields=["outcome", "override_reason", "outcome_at", "reported_by"])
    if overriding:
        BookingAttempt.objects.create(
            client=card.client,
            treatment=card.treatment,
            start=card.start,
            findings=[card.finding],
            by=by,
            overridden=True,
        )
    return card
