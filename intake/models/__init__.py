"""Models of the intake app, one module per area."""

from .catalogue import BodySite, Condition, Intensity, Medication, Method, Procedure, Treatment
from .client import Client
from .intake import (
    ConditionStatus,
    Intake,
    IntakeCondition,
    IntakeMedication,
    IntakePriorTreatment,
    IntakeProcedure,
)

__all__ = [
    "BodySite",
    "Client",
    "Condition",
    "ConditionStatus",
    "Intake",
    "IntakeCondition",
    "IntakeMedication",
    "IntakePriorTreatment",
    "IntakeProcedure",
    "Intensity",
    "Medication",
    "Method",
    "Procedure",
    "Treatment",
]
