"""Two intake documents compared answer by answer, in the words the intake form uses."""

from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .models import (
    Client,
    ConditionStatus,
    Intake,
    IntakeCondition,
    IntakeMedication,
    IntakePriorTreatment,
    IntakeProcedure,
)

__all__ = ["Change", "document_diff"]

EMPTY = "—"
# Document keys that differ from the intake field they come from.
RENAMED = {
    "consent.given": "consent_given",
    "consent.signed_by": "consent_name",
    "dermatologist_clearance.date": "dermatologist_clearance_date",
}
# Always different between two versions, so never news.
SKIPPED = {"intake_version"}
ENTRIES = {"conditions": IntakeCondition, "medications": IntakeMedication, "procedures": IntakeProcedure}
VISITS = {
    "previous_sessions": IntakePriorTreatment.Kind.SESSION,
    "consultations": IntakePriorTreatment.Kind.CONSULTATION,
}


@dataclass(frozen=True)
class Change:
    """One answer that differs between two intake versions: what it is, before and after."""

    label: str
    old: str
    new: str


def intake_field(path: str):
    """The model field a document path was stored in, or None."""
    name = RENAMED.get(path, path.rsplit(".", 1)[-1])
    for model in (Intake, Client):
        try:
            return model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
    return None


def shown(value, field=None) -> str:
    """An answer in words: yes/no, a choice's label, a list joined, a dash for nothing."""
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if value in (None, "", []):
        return EMPTY
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    choices = dict(field.flatchoices) if field is not None and field.choices else {}
    return str(choices.get(value, value))


def entry_text(section: str, entry: dict) -> str:
    """A condition, medication or procedure entry in words (its code is the label)."""
    sites = ", ".join(entry.get("sites", []))
    if section == "conditions":
        status = str(ConditionStatus(entry["status"]).label)
        return f"{status} — {sites}" if sites else status
    if section == "medications":
        if entry.get("current"):
            return _("taken now")
        if entry.get("last_taken"):
            return _("last taken %(date)s") % {"date": entry["last_taken"]}
        return _("not taken now")
    return f"{entry['date']} — {sites}" if sites else entry["date"]


def answers(document: dict) -> dict[tuple, tuple[str, str]]:
    """Every answer of a document keyed for comparison, as (label, answer in words)."""
    rows = {}
    for key, value in document.items():
        if key in SKIPPED:
            continue
        if key in ENTRIES:
            section = capfirst(ENTRIES[key]._meta.get_field(key[:-1]).verbose_name)
            seen = Counter()
            for entry in value:
                seen[entry["code"]] += 1
                number = f" ({seen[entry['code']]})" if seen[entry["code"]] > 1 else ""
                label = f"{section}: {entry['code']}{number}"
                rows[key, entry["code"], seen[entry["code"]]] = (label, entry_text(key, entry))
        elif key in VISITS:
            visits = sorted(f"{visit['treatment']} {visit['date']}" for visit in value)
            rows[key,] = (str(VISITS[key].label), shown(visits))
        elif isinstance(value, dict) or key == "dermatologist_clearance":
            for name, answer in (value or {"date": None}).items():
                field = intake_field(f"{key}.{name}")
                label = capfirst(field.verbose_name) if field else f"{key}.{name}"
                rows[key, name] = (label, shown(answer, field))
        else:
            field = intake_field(key)
            rows[key,] = (capfirst(field.verbose_name) if field else key, shown(value, field))
    return rows


def document_diff(old: dict, new: dict) -> list[Change]:
    """The answers that differ between two intake documents, in the order the form asks them."""
    before, after = answers(old), answers(new)
    keys = list(before) + [key for key in after if key not in before]
    changes = []
    for key in keys:
        label, old_text = before.get(key, (None, EMPTY))
        new_label, new_text = after.get(key, (None, EMPTY))
        if old_text != new_text:
            changes.append(Change(label or new_label, old_text, new_text))
    return changes
