"""Writes of clients and intake versions."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _

from ..audit import acted_by, audit_batch
from ..documents import DocumentError, validate_document
from ..models import (
    BodySite,
    Client,
    Condition,
    Intake,
    IntakeCondition,
    IntakeMedication,
    IntakePriorTreatment,
    IntakeProcedure,
    Medication,
    Procedure,
    Treatment,
)
from .booking import client_appointments_rescreen
from .screening import flags_refresh


class EditConflict(Exception):
    """A save based on an out-of-date version: nothing was written; `current_url` shows the newer
    one, and `version` is what a deliberate second save must be based on."""

    def __init__(self, message: str, *, current_url: str, version: int):
        super().__init__(message)
        self.current_url = current_url
        self.version = version


def parse_date(value: str | None) -> datetime.date | None:
    """An ISO date string as a date (None stays None)."""
    return datetime.date.fromisoformat(value) if value else None


@acted_by
@audit_batch()
def intake_submit(
    *,
    client: Client,
    document: dict,
    by: AbstractBaseUser | None,
    source: str = Intake.Source.STAFF,
    based_on: int | None = None,
) -> Intake:
    """Store a validated intake document as the client's new current intake version.

    The client is then screened again: flags follow the new version, and upcoming appointments
    that turn contraindicated are blocked.

    Raises DocumentError when the document breaks the contract or is not this client's, and
    EditConflict when `based_on` (the version the form started from; 0 for none) is no longer the
    newest: someone else saved an intake meanwhile, and this one must not silently replace it.
    """
    validate_document(document)
    if document["client"]["date_of_birth"] != client.date_of_birth.isoformat():
        raise DocumentError("client.date_of_birth", _("does not match the client's recorded date of birth"))
    # Lock the client so two submissions cannot take the same version number.
    Client.objects.select_for_update().filter(pk=client.pk).get()
    last_version = client.intakes.order_by("-version").values_list("version", flat=True).first() or 0
    if based_on is not None and based_on != last_version:
        raise EditConflict(
            _("Someone else saved intake version %(version)s of this client while you were editing.")
            % {"version": last_version},
            current_url=reverse("intake:intake_detail", args=[client.pk, last_version]),
            version=last_version,
        )
    for previous in client.intakes.filter(is_current=True):
        previous.is_current = False
        previous.save(update_fields=["is_current"])

    intake = Intake.objects.create(
        client=client,
        version=last_version + 1,
        source=source,
        created_by=by,
        **intake_fields(document),
    )
    store_entries(intake, document)
    flags_refresh(client=client, by=by)
    client_appointments_rescreen(client=client, by=by)
    return intake


def intake_fields(document: dict) -> dict:
    """The answers of an intake version as model fields, from a validated document."""
    skin, scalp = document.get("skin", {}), document.get("scalp", {})
    answers, consent = document.get("answers", {}), document.get("consent", {})
    person = document["client"]
    clearance = document.get("dermatologist_clearance") or {}
    return {
        "intake_date": parse_date(document["intake_date"]),
        "fitzpatrick": skin.get("fitzpatrick"),
        "skin_type": skin.get("skin_type", ""),
        "sensitive": skin.get("sensitive", False),
        "concerns": skin.get("concerns", ""),
        "goals": skin.get("goals", ""),
        "scalp_type": scalp.get("scalp_type", ""),
        "dandruff": scalp.get("dandruff", False),
        "itch": scalp.get("itch", False),
        "oiliness": scalp.get("oiliness", False),
        "hair_loss": scalp.get("hair_loss", False),
        "pregnant": answers.get("pregnant", False),
        "breastfeeding": answers.get("breastfeeding", False),
        "aluminium_allergy": answers.get("aluminium_allergy", False),
        "keloid_scarring": answers.get("keloid_scarring", False),
        "guardian_consent": person.get("guardian_consent", False),
        "guardian_name": person.get("guardian_name", ""),
        "consent_given": consent.get("given", False),
        "consent_name": consent.get("signed_by", ""),
        "dermatologist_clearance_date": parse_date(clearance.get("date")),
    }


# An unsaved intake entry and its body sites (None for an entry without sites).
EntryRow = tuple[models.Model, list | None]


@dataclass(frozen=True)
class Catalogues:
    """The catalogue entries an intake document cites, by code."""

    sites: dict[str, BodySite]
    conditions: dict[str, Condition]
    medications: dict[str, Medication]
    procedures: dict[str, Procedure]
    treatments: dict[str, Treatment]

    @classmethod
    def load(cls) -> "Catalogues":
        """Every catalogue, in one query each."""
        return cls(
            sites=BodySite.objects.in_bulk(field_name="code"),
            conditions=Condition.objects.in_bulk(field_name="code"),
            medications=Medication.objects.in_bulk(field_name="code"),
            procedures=Procedure.objects.in_bulk(field_name="code"),
            treatments=Treatment.objects.select_related("site", "consultation_for").in_bulk(
                field_name="code"
            ),
        )


def entry_rows(intake: Intake, document: dict, catalogues: Catalogues) -> list[EntryRow]:
    """The unsaved coded entries of a new intake, each with its body sites (None: the entry has none)."""
    sites = catalogues.sites
    rows = [
        (
            IntakeCondition(
                intake=intake, condition=catalogues.conditions[entry["code"]], status=entry["status"]
            ),
            [sites[code] for code in entry.get("sites", [])],
        )
        for entry in document.get("conditions", [])
    ]
    rows += [
        (
            IntakeMedication(
                intake=intake,
                medication=catalogues.medications[entry["code"]],
                current=entry.get("current", False),
                last_taken=parse_date(entry.get("last_taken")),
            ),
            None,
        )
        for entry in document.get("medications", [])
    ]
    rows += [
        (
            IntakeProcedure(
                intake=intake, procedure=catalogues.procedures[entry["code"]], date=parse_date(entry["date"])
            ),
            [sites[code] for code in entry.get("sites", [])],
        )
        for entry in document.get("procedures", [])
    ]
    rows += [
        (
            IntakePriorTreatment(
                intake=intake,
                kind=kind,
                treatment=catalogues.treatments[entry["treatment"]],
                date=parse_date(entry["date"]),
            ),
            None,
        )
        for key, kind in (
            ("previous_sessions", IntakePriorTreatment.Kind.SESSION),
            ("consultations", IntakePriorTreatment.Kind.CONSULTATION),
        )
        for entry in document.get(key, [])
    ]
    return rows


def store_entries(intake: Intake, document: dict) -> None:
    """Create the coded entries (conditions, medications, procedures, sites) of a new intake.

    One row at a time: each gets its historical record and audit entry.
    """
    catalogues = Catalogues.load()
    answers = document.get("answers", {})
    intake.sunburn_sites.set([catalogues.sites[code] for code in answers.get("sunburn_sites", [])])
    intake.broken_skin_sites.set([catalogues.sites[code] for code in answers.get("broken_skin_sites", [])])
    for row, sites in entry_rows(intake, document, catalogues):
        row.save()
        if sites is not None:
            row.sites.set(sites)


@acted_by
@audit_batch()
def client_create(*, by: AbstractBaseUser, **fields) -> Client:
    """Register a new client."""
    client = Client(created_by=by, **fields)
    client.full_clean()
    client.save()
    return client


@acted_by
@audit_batch()
def client_update(*, client: Client, by: AbstractBaseUser, based_on: int | None = None, **fields) -> Client:
    """Change a client's personal details.

    Raises EditConflict when `based_on` (the version the form was opened at) is not the stored one.
    """
    stored = Client.objects.select_for_update().get(pk=client.pk)
    if based_on is not None and based_on != stored.version:
        raise EditConflict(
            _("Someone else saved this client's details while you were editing."),
            current_url=stored.get_absolute_url(),
            version=stored.version,
        )
    for name, value in fields.items():
        setattr(client, name, value)
    client.version = stored.version + 1
    client.full_clean()
    client.save()
    return client
