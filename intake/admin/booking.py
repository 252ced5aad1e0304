"""Admin of booking: opening hours, practitioners, override reasons; appointments are read here."""

from django.contrib import admin

from ..models import (
    Appointment,
    AppointmentEvent,
    AppointmentFinding,
    BookingAttempt,
    OpeningHours,
    OverrideReason,
    Practitioner,
    WorkingDay,
)
from .base import ReadOnlyAdmin, ReadOnlyInline


@admin.register(OpeningHours)
class OpeningHoursAdmin(admin.ModelAdmin):
    """When the clinic is open; a day without a row is closed."""

    list_display = ["weekday", "opens", "closes"]


class WorkingDayInline(admin.TabularInline):
    model = WorkingDay
    extra = 0


@admin.register(Practitioner)
class PractitionerAdmin(admin.ModelAdmin):
    """Who treats, on which days, and what they are qualified for."""

    list_display = ["__str__", "active"]
    list_filter = ["active", "treatments"]
    search_fields = ["user__first_name", "user__last_name", "user__username"]
    filter_horizontal = ["treatments"]
    inlines = [WorkingDayInline]


@admin.register(OverrideReason)
class OverrideReasonAdmin(admin.ModelAdmin):
    """Reasons offered when overriding a contraindication."""

    list_display = ["text", "active"]
    list_filter = ["active"]


class FindingInline(ReadOnlyInline):
    model = AppointmentFinding
    fields = readonly_fields = [
        "code",
        "level",
        "message",
        "overridden",
        "acknowledged_by",
        "acknowledged_at",
    ]


class EventInline(ReadOnlyInline):
    model = AppointmentEvent
    fields = readonly_fields = ["at", "by", "action", "detail"]


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    """Appointments, to find and read; booking, moving and cancelling happen in the app (screened)."""

    list_display = ["start", "client", "treatment", "practitioner", "status", "worst_level"]
    list_filter = ["status", "worst_level", "treatment", "practitioner"]
    search_fields = ["client__last_name", "client__first_name"]
    date_hierarchy = "start"
    list_select_related = ["client", "treatment", "practitioner__user"]
    inlines = [FindingInline, EventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(BookingAttempt)
class BookingAttemptAdmin(ReadOnlyAdmin):
    """Refused bookings, with their findings and whether an override followed."""

    list_display = ["at", "client", "treatment", "start", "by", "overridden"]
    list_filter = ["overridden", "treatment"]
    search_fields = ["client__last_name", "client__first_name"]
    list_select_related = ["client", "treatment", "by"]
