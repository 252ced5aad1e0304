"""Models of the intake app, one module per area."""

from .audit import AuditAction, AuditChainHead, AuditEntry
from .booking import (
    Appointment,
    AppointmentEvent,
    AppointmentFinding,
    AppointmentStatus,
    BookingAttempt,
    Notice,
    OpeningHours,
    OverrideReason,
    Practitioner,
    Weekday,
    WorkingDay,
)
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
from .review import Clearance, IntakeRequest, ReviewAction, ReviewActionKind
from .rules import Flag, FlagStatus, Rule, RuleSetVersion, SiteScope
from .selfservice import ClinicSettings, ConsentSignature, ConsentText, IntakeLink

__all__ = [
    "ClinicSettings",
    "ConsentSignature",
    "ConsentText",
    "IntakeLink",
    "AuditAction",
    "AuditChainHead",
    "AuditEntry",
    "Appointment",
    "AppointmentEvent",
    "AppointmentFinding",
    "AppointmentStatus",
    "BookingAttempt",
    "Notice",
    "OpeningHours",
    "OverrideReason",
    "Practitioner",
    "Weekday",
    "WorkingDay",
    "BodySite",
    "Clearance",
    "Client",
    "Condition",
    "ConditionStatus",
    "Flag",
    "FlagStatus",
    "Intake",
    "IntakeCondition",
    "IntakeMedication",
    "IntakePriorTreatment",
    "IntakeProcedure",
    "IntakeRequest",
    "Intensity",
    "Medication",
    "Method",
    "Procedure",
    "ReviewAction",
    "ReviewActionKind",
    "Rule",
    "RuleSetVersion",
    "SiteScope",
    "Treatment",
]
