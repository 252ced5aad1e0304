"""The intake document: validate it, and convert between it and the stored intake versions.

The document (see the intake-document contract) is the one shape every way in and out of the app
speaks: the intake form, imports, exports, the `screen` command and the API.
"""

import dataclasses
import datetime
import json
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import best_match

from .models import BodySite, Condition, Intake, IntakePriorTreatment, Medication, Procedure, Treatment

SCHEMA_PATH = Path(__file__).parent / "schemas" / "intake-document.schema.json"


class DocumentError(ValueError):
    """A document that breaks the contract; `field` names where, e.g. "conditions[0].code"."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message


@cache
def schema_validator() -> Draft202012Validator:
    """The JSON Schema validator of the intake document, checking date formats too."""
    schema = json.loads(SCHEMA_PATH.read_text())
    return Draft202012Validator(schema, format_checker=FormatChecker())


def field_path(path) -> str:
    """Turn a JSON path such as ("conditions", 0, "code") into "conditions[0].code"."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def error_field(error) -> str:
    """The field a schema error is about; for a missing field, the missing field itself."""
    path = list(error.absolute_path)
    if error.validator == "required":
        path += [name for name in error.validator_value if name not in error.instance][:1]
    return field_path(path)


def validate_document(data) -> None:
    """Check a document against the schema, the catalogue codes and its own dates.

    Raises DocumentError naming the first offending field; an unknown code is always an error.
    """
    if not isinstance(data, dict):
        raise DocumentError("", _("The document must be a JSON object."))
    error = best_match(schema_validator().iter_errors(data))
    if error is not None:
        raise DocumentError(error_field(error), error.message)
    check_text(data)
    check_codes(data)
    check_dates(data)


def check_text(data, path: tuple = ()) -> None:
    """Refuse text holding a NUL character, which PostgreSQL cannot store."""
    if isinstance(data, str) and "\x00" in data:
        raise DocumentError(field_path(path), _("must not contain NUL characters"))
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        check_text(value, (*path, key))


def catalogue_codes() -> dict[str, set[str]]:
    """The codes known to each catalogue, read from the database (one query per catalogue)."""
    return {
        "sites": set(BodySite.objects.values_list("code", flat=True)),
        "conditions": set(Condition.objects.values_list("code", flat=True)),
        "medications": set(Medication.objects.values_list("code", flat=True)),
        "procedures": set(Procedure.objects.values_list("code", flat=True)),
        "treatments": set(Treatment.objects.values_list("code", flat=True)),
    }


def coded_fields(data: dict):
    """Yield (field path, catalogue, code) for every coded value in a document."""
    for index, entry in enumerate(data.get("conditions", [])):
        yield f"conditions[{index}].code", "conditions", entry["code"]
        for n, site in enumerate(entry.get("sites", [])):
            yield f"conditions[{index}].sites[{n}]", "sites", site
    for index, entry in enumerate(data.get("medications", [])):
        yield f"medications[{index}].code", "medications", entry["code"]
    for index, entry in enumerate(data.get("procedures", [])):
        yield f"procedures[{index}].code", "procedures", entry["code"]
        for n, site in enumerate(entry.get("sites", [])):
            yield f"procedures[{index}].sites[{n}]", "sites", site
    answers = data.get("answers", {})
    for key in ("sunburn_sites", "broken_skin_sites"):
        for n, site in enumerate(answers.get(key, [])):
            yield f"answers.{key}[{n}]", "sites", site
    for key in ("previous_sessions", "consultations"):
        for index, entry in enumerate(data.get(key, [])):
            yield f"{key}[{index}].treatment", "treatments", entry["treatment"]


def check_codes(data: dict) -> None:
    """Refuse any code that is not in its catalogue."""
    known = catalogue_codes()
    for field, catalogue, code in coded_fields(data):
        if code not in known[catalogue]:
            raise DocumentError(field, _("unknown code “%(code)s”") % {"code": code})


def check_dates(data: dict) -> None:
    """Refuse dates that cannot be true: a birth or an event after the intake date."""
    intake_date = datetime.date.fromisoformat(data["intake_date"])
    dated = [("client.date_of_birth", data["client"]["date_of_birth"])]
    dated += [(f"procedures[{i}].date", p["date"]) for i, p in enumerate(data.get("procedures", []))]
    dated += [
        (f"medications[{i}].last_taken", m["last_taken"])
        for i, m in enumerate(data.get("medications", []))
        if m.get("last_taken")
    ]
    for field, value in dated:
        if datetime.date.fromisoformat(value) > intake_date:
            raise DocumentError(field, _("%(date)s is after the intake date") % {"date": value})


def codes(objects) -> list[str]:
    """The codes of catalogue entries, sorted for a stable document."""
    return sorted(obj.code for obj in objects)


def condition_entry(code: str, status: str, sites) -> dict:
    """A condition as the document lists it."""
    return {"code": code, "status": status, "sites": sorted(sites)}


def medication_entry(code: str, current: bool, last_taken: datetime.date | None) -> dict:
    """A medication as the document lists it."""
    return {"code": code, "current": current, "last_taken": last_taken.isoformat() if last_taken else None}


def procedure_entry(code: str, date: datetime.date, sites) -> dict:
    """A recent procedure as the document lists it."""
    return {"code": code, "date": date.isoformat(), "sites": sorted(sites)}


@dataclasses.dataclass
class EntryLists:
    """An intake's entries as its document lists them (the sites as sorted codes)."""

    conditions: list[dict] = dataclasses.field(default_factory=list)
    medications: list[dict] = dataclasses.field(default_factory=list)
    procedures: list[dict] = dataclasses.field(default_factory=list)
    sunburn_sites: list[str] = dataclasses.field(default_factory=list)
    broken_skin_sites: list[str] = dataclasses.field(default_factory=list)


def entry_lists_of(intake: Intake) -> EntryLists:
    """The entry lists of an intake from its entries (prefetch them to keep the query count fixed)."""
    return EntryLists(
        conditions=[
            condition_entry(entry.condition.code, entry.status, (site.code for site in entry.sites.all()))
            for entry in intake.conditions.all()
        ],
        medications=[
            medication_entry(entry.medication.code, entry.current, entry.last_taken)
            for entry in intake.medications.all()
        ],
        procedures=[
            procedure_entry(entry.procedure.code, entry.date, (site.code for site in entry.sites.all()))
            for entry in intake.procedures.all()
        ],
        sunburn_sites=codes(intake.sunburn_sites.all()),
        broken_skin_sites=codes(intake.broken_skin_sites.all()),
    )


def intake_to_document(
    intake: Intake,
    *,
    visits: list[tuple[str, str, datetime.date]] | None = None,
    entries: EntryLists | None = None,
) -> dict:
    """The intake-document JSON of one stored intake version.

    Its entries are `entries` when given (screening reads them in one query, see
    `entries.entries_load`), else read from the intake: prefetch them and their sites (see
    `selectors.intake_with_entries`) to keep the query count fixed. `visits`, (kind, treatment code,
    date) rows, replaces the sessions and consultations reported in the intake (screening adds the
    clinic's own appointments).
    """
    if entries is None:
        entries = entry_lists_of(intake)
    document = {
        "intake_date": intake.intake_date.isoformat(),
        "intake_version": intake.version,
        "client": {
            "date_of_birth": intake.client.date_of_birth.isoformat(),
            "guardian_consent": intake.guardian_consent,
            "guardian_name": intake.guardian_name,
        },
        "skin": {
            "fitzpatrick": intake.fitzpatrick,
            "sensitive": intake.sensitive,
            "skin_type": intake.skin_type,
            "concerns": intake.concerns,
            "goals": intake.goals,
        },
        "scalp": {
            field: getattr(intake, field)
            for field in ("scalp_type", "dandruff", "itch", "oiliness", "hair_loss")
        },
        "conditions": entries.conditions,
        "medications": entries.medications,
        "procedures": entries.procedures,
        "answers": {
            "pregnant": intake.pregnant,
            "breastfeeding": intake.breastfeeding,
            "aluminium_allergy": intake.aluminium_allergy,
            "keloid_scarring": intake.keloid_scarring,
            "sunburn_sites": entries.sunburn_sites,
            "broken_skin_sites": entries.broken_skin_sites,
        },
        "consent": {"given": intake.consent_given, "signed_by": intake.consent_name},
        "previous_sessions": [],
        "consultations": [],
        "dermatologist_clearance": (
            {"date": intake.dermatologist_clearance_date.isoformat()}
            if intake.dermatologist_clearance_date
            else None
        ),
    }
    if visits is None:
        visits = [(entry.kind, entry.treatment.code, entry.date) for entry in intake.prior_treatments.all()]
    for kind, treatment, date in visits:
        key = "consultations" if kind == IntakePriorTreatment.Kind.CONSULTATION else "previous_sessions"
        document[key].append({"treatment": treatment, "date": date.isoformat()})
    return document
