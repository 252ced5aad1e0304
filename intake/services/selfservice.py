"""Client self-service: send a pre-visit intake link, save progress, submit with signed consent."""

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _

from ..audit import acted_by, audit_batch, bulk_create_audited, create_audited
from ..models import (
    Client,
    ClinicSettings,
    ConsentSignature,
    ConsentText,
    Intake,
    IntakeLink,
    Treatment,
)
from .intakes import intake_submit

__all__ = [
    "Signature",
    "consent_text_publish",
    "intake_check",
    "intake_link_create",
    "intake_link_find",
    "intake_link_save_draft",
    "intake_link_send",
    "intake_link_submit",
]

DRAFT_LIMIT = 60_000  # characters of saved progress: generous for the form, small for the database


def token_hash(token: str) -> str:
    """The stored form of a link token."""
    return hashlib.sha256(token.encode()).hexdigest()


@acted_by
@audit_batch()
def intake_link_create(
    *, client: Client, by: AbstractBaseUser, treatments: list[Treatment] | None = None, email: str = ""
) -> tuple[IntakeLink, str]:
    """Make a single-use link for the client; returns it with its token (shown once, never stored)."""
    token = secrets.token_urlsafe(32)
    days = ClinicSettings.current().intake_link_days
    link = IntakeLink.objects.create(
        client=client,
        token_hash=token_hash(token),
        sent_to=email,
        created_by=by,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    link.treatments.set(treatments or Treatment.objects.filter(active=True, consultation_for__isnull=True))
    return link, token


def intake_link_send(*, link: IntakeLink, url: str, clinic_name: str) -> None:
    """E-mail the link to the address it was made for."""
    body = _(
        "Hello %(name)s,\n\nPlease fill in your skin and scalp questionnaire before your visit:\n%(url)s\n\n"
        "The link works once and until %(expires)s.\n\n%(clinic)s"
    ) % {
        "name": link.client.first_name,
        "url": url,
        "expires": timezone.localtime(link.expires_at).strftime("%d %B %Y"),
        "clinic": clinic_name,
    }
    send_mail(_("Your questionnaire before your visit"), body, None, [link.sent_to])


def intake_link_find(token: str) -> IntakeLink | None:
    """The usable link with this token, or None (unknown, used or expired: the caller cannot tell)."""
    if not token or len(token) > 100:
        return None
    link = IntakeLink.objects.select_related("client").filter(token_hash=token_hash(token)).first()
    return link if link and link.usable() else None


def intake_link_save_draft(*, link: IntakeLink, draft: dict) -> None:
    """Keep what the client has typed so far, to restore when they come back."""
    if len(str(draft)) > DRAFT_LIMIT:
        raise ValidationError(_("Too much text to save."))
    link.draft = draft
    link.save(update_fields=["draft"])


@dataclass(frozen=True)
class Signature:
    """How the client signed: their typed name, a drawn signature, and a guardian's if a minor."""

    signer_name: str
    drawing: str = ""
    guardian_name: str = ""
    guardian_drawing: str = ""


@audit_batch()
def intake_link_submit(
    *, link: IntakeLink, document: dict, signature: Signature, ip_address: str | None, user_agent: str
) -> Intake:
    """Store the client's intake (pending a staff check) and their signed consents; the link is spent."""
    link = IntakeLink.objects.select_for_update().get(pk=link.pk)
    if not link.usable():
        raise ValidationError(_("This link is no longer valid."))
    intake = intake_submit(client=link.client, document=document, by=None, source=Intake.Source.CLIENT)
    now = timezone.now()
    signatures = [
        ConsentSignature(
            client=link.client,
            consent_text=text,
            signed_at=now,
            signer_name=signature.signer_name,
            signature=signature.drawing,
            guardian_name=signature.guardian_name,
            guardian_signature=signature.guardian_drawing,
            ip_address=ip_address,
            user_agent=user_agent[:400],
            link=link,
        )
        for text in latest_consent_texts(link.treatments.all())
    ]
    bulk_create_audited(ConsentSignature, signatures, by=None, values=True)
    link.used_at, link.intake, link.draft = now, intake, {}
    link.save(update_fields=["used_at", "intake", "draft"])
    return intake


def latest_consent_texts(treatments) -> list[ConsentText]:
    """The newest consent text of each treatment that has one."""
    texts = ConsentText.objects.filter(treatment__in=treatments).order_by("treatment_id", "-version")
    latest = {}
    for text in texts.select_related("treatment"):
        latest.setdefault(text.treatment_id, text)
    return list(latest.values())


@acted_by
@audit_batch()
def consent_text_publish(*, treatment: Treatment, text: str, by: AbstractBaseUser | None) -> ConsentText:
    """Publish a new version of a treatment's consent text; earlier versions stay as signed."""
    Treatment.objects.select_for_update().filter(pk=treatment.pk).get()
    last = treatment.consent_texts.order_by("-version").values_list("version", flat=True).first() or 0
    consent = ConsentText(treatment=treatment, version=last + 1, text=text.strip(), created_by=by)
    return create_audited(consent, by=by)


@acted_by
@audit_batch()
def intake_check(*, intake: Intake, by: AbstractBaseUser) -> Intake:
    """Staff confirm they have checked an intake the client submitted."""
    intake.checked_at, intake.checked_by = timezone.now(), by
    intake.save(update_fields=["checked_at", "checked_by"])
    return intake
