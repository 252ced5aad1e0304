"""The URIs the FHIR export and the CDS Hooks service name the clinic's codes and extensions with."""

__all__ = [
    "ALLERGY_CLINICAL",
    "CONDITION_CLINICAL",
    "QUESTIONNAIRE_URL",
    "code_system",
    "extension_url",
]

BASE = "https://clinic-intake.example/fhir"
QUESTIONNAIRE_URL = f"{BASE}/Questionnaire/intake-document"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
ALLERGY_CLINICAL = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"


def code_system(name: str) -> str:
    """The URI of one of the clinic's code systems: a catalogue ("treatment"), "rule", "override-reason"."""
    return f"{BASE}/CodeSystem/{name}"


def extension_url(name: str) -> str:
    """The URL of one of the clinic's extensions ("method", "intensity")."""
    return f"{BASE}/StructureDefinition/{name}"
