"""A client's data over its life: everything held about them (access requests), and erasure.

Erasure keeps what the clinic's statistics need (conditions, treatments, findings, dates, year of
birth) and the audit chain's integrity, and removes what identifies the person.
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from ..audit import audit_erase_client
from ..documents import intake_to_document
from ..models import (
    Appointment,
    AppointmentEvent,
    AuditEntry,
    Clearance,
    Client,
    ConsentSignature,
    Intake,
    IntakeLink,
    IntakeRequest,
    Notice,
    ReviewAction,
)
from ..selectors import intake_with_entries

__all__ = ["client_anonymise", "client_export"]

ANONYMOUS = "Anonymised"


def client_export(client: Client) -> dict:
    """Everything the app holds about a client, as JSON-ready data (for an access request)."""
    appointments = client.appointments.select_related("treatment", "practitioner__user").prefetch_related(
        "findings", "events"
    )
    return {
        "client": {
            "id": client.pk,
            "first_name": client.first_name,
            "last_name": client.last_name,
            "date_of_birth": client.date_of_birth.isoformat(),
            "phone": client.phone,
            "email": client.email,
            "notes": client.notes,
            "created_at": client.created_at.isoformat(),
        },
        "intakes": [
            {
                **intake_to_document(intake),
                "source": intake.source,
                "recorded_at": intake.created_at.isoformat(),
            }
            for intake in intake_with_entries().filter(client=client).order_by("version")
        ],
        "consents": [
            {
                "treatment": consent.consent_text.treatment.code,
                "consent_text_version": consent.consent_text.version,
                "text": consent.consent_text.text,
                "signed_at": consent.signed_at.isoformat(),
                "signed_by": consent.signer_name,
                "guardian": consent.guardian_name,
                "ip_address": consent.ip_address,
                "user_agent": consent.user_agent,
            }
            for consent in client.consents.select_related("consent_text__treatment")
        ],
        "flags": list(
            client.flags.values("rule__code", "treatment__code", "level", "message", "status", "created_at")
        ),
        "appointments": [
            {
                "treatment": appointment.treatment.code,
                "start": appointment.start.isoformat(),
                "status": appointment.status,
                "practitioner": str(appointment.practitioner),
                "override_reason": appointment.override_reason,
                "findings": [
                    {"code": f.code, "level": f.level, "message": f.message, "evidence": f.evidence}
                    for f in appointment.findings.all()
                ],
                "history": [
                    {"at": e.at.isoformat(), "action": e.action, "detail": e.detail}
                    for e in appointment.events.all()
                ],
            }
            for appointment in appointments
        ],
        "refused_bookings": list(
            client.booking_attempts.values("treatment__code", "start", "findings", "at")
        ),
        "audit_trail": list(
            AuditEntry.objects.filter(client_id=client.pk)
            .order_by("seq")
            .values("seq", "at", "username", "action", "model", "object_id", "page", "changes")
        ),
    }


@transaction.atomic
def client_anonymise(*, client: Client, by: AbstractBaseUser | None, reason: str) -> int:
    """Erase a client's personal data everywhere it is kept, history tables and audit trail included.

    Writes go straight to the tables (no new historical copy of the old values is made); the
    erasure itself is recorded in the audit trail. Returns how many audit entries were erased.
    """
    born = datetime.date(client.date_of_birth.year, 1, 1)
    person = {
        "first_name": ANONYMOUS,
        "last_name": f"client-{client.pk}",
        "date_of_birth": born,
        "phone": "",
        "email": "",
        "notes": "",
    }
    Client.objects.filter(pk=client.pk).update(**person)
    Client.history.filter(id=client.pk).update(**person)
    free_text = {"concerns": "", "goals": "", "notes": "", "guardian_name": "", "consent_name": ""}
    Intake.objects.filter(client=client).update(**free_text)
    Intake.history.filter(client_id=client.pk).update(**free_text)
    signature = {
        "signer_name": ANONYMOUS,
        "signature": "",
        "guardian_name": "",
        "guardian_signature": "",
        "ip_address": None,
        "user_agent": "",
    }
    ConsentSignature.objects.filter(client=client).update(**signature)
    ConsentSignature.history.filter(client_id=client.pk).update(**signature)
    IntakeLink.objects.filter(client=client).update(sent_to="", draft={})
    IntakeLink.history.filter(client_id=client.pk).update(sent_to="")
    Appointment.objects.filter(client=client).update(notes="")
    Appointment.history.filter(client_id=client.pk).update(notes="")
    AppointmentEvent.objects.filter(appointment__client=client, action="booked").update(detail="")
    Notice.objects.filter(url__in=[a.get_absolute_url() for a in client.appointments.all()]).update(
        text=ANONYMOUS
    )
    for clearance in Clearance.objects.filter(client=client).exclude(letter=""):
        clearance.letter.delete(save=False)
    for model in (Clearance, ReviewAction, IntakeRequest):
        model.objects.filter(client=client).update(note="")
        model.history.filter(client_id=client.pk).update(note="")
    Clearance.objects.filter(client=client).update(letter="")
    Clearance.history.filter(client_id=client.pk).update(letter="")
    return audit_erase_client(client_id=client.pk, by=by, reason=reason)
