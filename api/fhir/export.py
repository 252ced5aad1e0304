"""A client's record as a FHIR R4 Bundle (the `$everything` operation): Patient; the current intake's
conditions, medications, procedures and aluminium allergy; every intake version as a
QuestionnaireResponse (with the Questionnaire); findings as DetectedIssue, open flags as Flag; and
appointments. Read-only: it only arranges what the intake app stores."""

import datetime

from django.db.models import Prefetch
from django.utils import timezone

from intake.documents import intake_to_document
from intake.models import Appointment, AppointmentFinding, Client, Flag, FlagStatus, Intake
from intake.rules.findings import Level
from intake.selectors import intake_with_entries

from .questionnaire import questionnaire, questionnaire_response_items
from .systems import ALLERGY_CLINICAL, CONDITION_CLINICAL, QUESTIONNAIRE_URL, code_system, extension_url

__all__ = ["appointment_resource", "patient_everything"]

SEVERITY = {Level.CONTRAINDICATED.slug: "high", Level.CAUTION.slug: "moderate", Level.ADVICE.slug: "low"}
# The clinic's appointment statuses in FHIR's words: a blocked appointment waits, as a pending one does.
APPOINTMENT_STATUS = {"pending": "pending", "blocked": "pending"}


def instant(moment: datetime.datetime) -> str:
    """A moment as a FHIR instant, in the clinic's time zone."""
    return timezone.localtime(moment).isoformat(timespec="seconds")


def coded(catalogue: str, entry) -> dict:
    """A CodeableConcept of a catalogue entry: its code in the clinic's code system, and its name."""
    return {"coding": [{"system": code_system(catalogue), "code": entry.code, "display": entry.name}]}


def reference(resource_type: str, key) -> dict:
    """A reference to a resource of the bundle."""
    return {"reference": f"{resource_type}/{key}"}


def patient(client: Client) -> dict:
    """The client as a Patient."""
    telecom = [
        {"system": system, "value": value}
        for system, value in (("phone", client.phone), ("email", client.email))
        if value
    ]
    resource = {
        "resourceType": "Patient",
        "id": str(client.pk),
        "name": [{"family": client.last_name, "given": [client.first_name], "text": client.full_name}],
        "birthDate": client.date_of_birth.isoformat(),
    }
    return resource | ({"telecom": telecom} if telecom else {})


def clinical_resources(intake: Intake) -> list[dict]:
    """The current intake's conditions, medications, procedures and aluminium allergy."""
    subject, recorded = reference("Patient", intake.client_id), intake.intake_date.isoformat()
    resources = [
        {
            "resourceType": "Condition",
            "id": str(entry.pk),
            "clinicalStatus": {"coding": [{"system": CONDITION_CLINICAL, "code": entry.status}]},
            "code": coded("condition", entry.condition),
            "subject": subject,
            "recordedDate": recorded,
        }
        | (
            {"bodySite": [coded("body-site", site) for site in entry.sites.all()]}
            if entry.sites.all()
            else {}
        )
        for entry in intake.conditions.all()
    ]
    resources += [
        {
            "resourceType": "MedicationStatement",
            "id": str(entry.pk),
            "status": "active" if entry.current else "completed",
            "medicationCodeableConcept": coded("medication", entry.medication),
            "subject": subject,
            "dateAsserted": recorded,
        }
        | ({"effectiveDateTime": entry.last_taken.isoformat()} if entry.last_taken else {})
        for entry in intake.medications.all()
    ]
    resources += [
        {
            "resourceType": "Procedure",
            "id": str(entry.pk),
            "status": "completed",
            "code": coded("procedure", entry.procedure),
            "subject": subject,
            "performedDateTime": entry.date.isoformat(),
        }
        | (
            {"bodySite": [coded("body-site", site) for site in entry.sites.all()]}
            if entry.sites.all()
            else {}
        )
        for entry in intake.procedures.all()
    ]
    if intake.aluminium_allergy:
        resources.append(
            {
                "resourceType": "AllergyIntolerance",
                "id": f"aluminium-{intake.pk}",
                "clinicalStatus": {"coding": [{"system": ALLERGY_CLINICAL, "code": "active"}]},
                "code": {
                    "coding": [
                        {"system": code_system("allergen"), "code": "aluminium", "display": "Aluminium"}
                    ],
                    "text": "Aluminium (microdermabrasion crystals are aluminium oxide)",
                },
                "patient": subject,
                "recordedDate": recorded,
            }
        )
    return resources


def questionnaire_response(intake: Intake) -> dict:
    """One intake version as a QuestionnaireResponse to the intake Questionnaire."""
    return {
        "resourceType": "QuestionnaireResponse",
        "id": str(intake.pk),
        "identifier": {
            "system": code_system("intake-version"),
            "value": f"{intake.client_id}/v{intake.version}",
        },
        "questionnaire": QUESTIONNAIRE_URL,
        "status": "completed",
        "subject": reference("Patient", intake.client_id),
        "authored": instant(intake.created_at),
        "item": questionnaire_response_items(intake_to_document(intake)),
    }


def rule_code(code: str, message: str) -> dict:
    """A finding's rule as a CodeableConcept."""
    return {"coding": [{"system": code_system("rule"), "code": code, "display": message}], "text": message}


def flag_issue(flag: Flag) -> dict:
    """A flag (a finding on an intake version for a treatment) as a DetectedIssue citing that version."""
    issue = {
        "resourceType": "DetectedIssue",
        "id": f"flag-{flag.pk}",
        "status": "final",
        "code": rule_code(flag.rule.code, flag.message),
        "severity": SEVERITY[flag.level],
        "patient": reference("Patient", flag.client_id),
        "identifiedDateTime": instant(flag.created_at),
        "evidence": [{"detail": [reference("QuestionnaireResponse", flag.intake_id)]}],
        "detail": f"{flag.treatment.name}: {flag.message} — {flag.evidence}. {flag.hint}".strip(),
    }
    if flag.status == FlagStatus.ACKNOWLEDGED:
        issue["mitigation"] = [
            {
                "action": {"text": f"Acknowledged. {flag.note}".strip()},
                "date": instant(flag.status_changed_at),
            }
        ]
    return issue


def flag_resource(flag: Flag) -> dict:
    """An open flag as a FHIR Flag on the patient."""
    return {
        "resourceType": "Flag",
        "id": str(flag.pk),
        "status": "active",
        "code": rule_code(flag.rule.code, flag.message),
        "subject": reference("Patient", flag.client_id),
        "period": {"start": instant(flag.created_at)},
    }


def appointment_resource(appointment: Appointment) -> dict:
    """An appointment, its treatment as the service type and its method and intensity as extensions."""
    extensions = [
        {"url": extension_url(name), "valueCoding": coded(name, entry)["coding"][0]}
        for name, entry in (("method", appointment.method), ("intensity", appointment.intensity))
        if entry is not None
    ]
    resource = {
        "resourceType": "Appointment",
        "id": str(appointment.pk),
        "status": APPOINTMENT_STATUS.get(appointment.status, appointment.status),
        "serviceType": [coded("treatment", appointment.treatment)],
        "start": instant(appointment.start),
        "end": instant(appointment.end),
        "created": instant(appointment.created_at),
        "participant": [
            {"actor": reference("Patient", appointment.client_id), "status": "accepted"},
            {"actor": {"display": str(appointment.practitioner)}, "status": "accepted"},
        ],
    }
    return (
        resource
        | ({"extension": extensions} if extensions else {})
        | ({"comment": appointment.notes} if appointment.notes else {})
    )


def finding_issue(finding: AppointmentFinding) -> dict:
    """A finding on an appointment as a DetectedIssue implicating it, with its acknowledgement or override."""
    appointment = finding.appointment
    issue = {
        "resourceType": "DetectedIssue",
        "id": f"finding-{finding.pk}",
        "status": "final",
        "code": rule_code(finding.code, finding.message),
        "severity": SEVERITY[finding.level],
        "patient": reference("Patient", appointment.client_id),
        "implicated": [reference("Appointment", appointment.pk)],
        "detail": f"{finding.message} — {finding.evidence}. {finding.hint}".strip(),
    }
    if appointment.screened_at:
        issue["identifiedDateTime"] = instant(appointment.screened_at)
    if finding.acknowledged_at:
        note = f"Acknowledged. {finding.acknowledgement_note}".strip()
        issue["mitigation"] = [{"action": {"text": note}, "date": instant(finding.acknowledged_at)}]
    elif finding.overridden:
        issue["mitigation"] = [{"action": {"text": f"Overridden: {appointment.override_reason}"}}]
    return issue


def patient_everything(client: Client, *, base_url: str) -> dict:
    """Everything about the client as a FHIR R4 searchset Bundle; `base_url` prefixes each entry's fullUrl."""
    intakes = list(intake_with_entries().filter(client=client).order_by("-version"))
    current = next((intake for intake in intakes if intake.is_current), None)
    flags = list(
        client.flags.exclude(status=FlagStatus.RESOLVED).select_related("rule", "treatment").order_by("pk")
    )
    appointments = list(
        client.appointments.select_related(
            "treatment", "method", "intensity", "practitioner__user"
        ).prefetch_related(Prefetch("findings", AppointmentFinding.objects.order_by("code")))
    )
    resources = [patient(client), *(clinical_resources(current) if current else [])]
    if intakes:
        resources += [questionnaire(), *map(questionnaire_response, intakes)]
    resources += [flag_issue(flag) for flag in flags]
    resources += [flag_resource(flag) for flag in flags if flag.status == FlagStatus.OPEN]
    for appointment in appointments:
        resources.append(appointment_resource(appointment))
        resources += [finding_issue(finding) for finding in appointment.findings.all()]
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "timestamp": instant(timezone.now()),
        "total": 1,
        "entry": [
            {
                "fullUrl": f"{base_url}{resource['resourceType']}/{resource['id']}",
                "resource": resource,
                "search": {"mode": "match" if resource["resourceType"] == "Patient" else "include"},
            }
            for resource in resources
        ],
    }
