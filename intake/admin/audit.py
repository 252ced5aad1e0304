"""The audit trail in the admin: searchable by client, user, record type and date; never editable."""

from django.contrib import admin

from ..models import AuditEntry
from .base import ReadOnlyAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read-only for everyone, superusers included: the trail is evidence."""

    list_display = ["seq", "at", "username", "action", "model", "object_repr", "client_id", "page"]
    list_filter = ["action", "model", "at"]
    search_fields = [
        "username",
        "client__last_name",
        "client__first_name",
        "object_repr",
        "model",
        "=object_id",
    ]
    date_hierarchy = "at"
    readonly_fields = [field.name for field in AuditEntry._meta.fields]
    show_full_result_count = False
