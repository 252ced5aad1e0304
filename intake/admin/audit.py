"""The audit trail in the admin: searchable by client, user, record type and date; never editable."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import AuditEntry
from .base import ReadOnlyAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read-only for everyone, superusers included: the trail is evidence."""

    list_display = ["seq", "at", "username", "action", "model", "object_repr", "change_summary"]
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

    @admin.display(description=_("changes"))
    def change_summary(self, entry: AuditEntry) -> str:
        """The changed fields with their old → new values, or the page viewed, in one short line."""
        if entry.page:
            return entry.page
        parts = [f"{field}: {old!r} → {new!r}" for field, (old, new) in entry.changes.items()]
        text = "; ".join(parts)
        return text if len(text) <= 160 else text[:157] + "…"
