"""Admin of clients and their intake versions (intake versions are read-only: they are records)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ..models import Client, Intake, IntakeCondition, IntakeMedication, IntakePriorTreatment, IntakeProcedure
from .base import ReadOnlyAdmin, ReadOnlyInline


class ConditionInline(ReadOnlyInline):
    model = IntakeCondition
    fields = readonly_fields = ["condition", "status", "sites"]


class MedicationInline(ReadOnlyInline):
    model = IntakeMedication
    fields = readonly_fields = ["medication", "current", "last_taken"]


class ProcedureInline(ReadOnlyInline):
    model = IntakeProcedure
    fields = readonly_fields = ["procedure", "date", "sites"]


class PriorTreatmentInline(ReadOnlyInline):
    model = IntakePriorTreatment
    fields = readonly_fields = ["kind", "treatment", "date"]


@admin.register(Client)
class ClientAdmin(SimpleHistoryAdmin):
    """Clients, searchable by name, contact details and date of birth."""

    list_display = ["last_name", "first_name", "date_of_birth", "phone", "email", "created_at"]
    search_fields = ["last_name", "first_name", "email", "phone"]
    list_filter = ["created_at"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_at", "updated_at", "created_by"]


@admin.register(Intake)
class IntakeAdmin(ReadOnlyAdmin):
    """Intake versions: viewable, never edited (a change is a new version, made in the app)."""

    list_display = ["client", "version", "intake_date", "is_current", "source", "created_by"]
    list_filter = ["is_current", "source", "intake_date"]
    search_fields = ["client__last_name", "client__first_name"]
    list_select_related = ["client", "created_by"]
    inlines = [ConditionInline, MedicationInline, ProcedureInline, PriorTreatmentInline]
