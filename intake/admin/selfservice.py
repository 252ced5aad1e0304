"""Admin of self-service: clinic settings, consent texts (versioned), links and signed consents (read)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ..models import ClinicSettings, ConsentSignature, ConsentText, IntakeLink
from ..services.selfservice import consent_text_publish
from .base import ReadOnlyAdmin


@admin.register(ClinicSettings)
class ClinicSettingsAdmin(SimpleHistoryAdmin):
    """The one settings row: edited, never added or deleted."""

    list_display = ["__str__", "intake_link_days"]

    def has_add_permission(self, request):
        return not ClinicSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ConsentText)
class ConsentTextAdmin(SimpleHistoryAdmin):
    """Consent wording per treatment: saving publishes a new version; signed versions never change."""

    list_display = ["treatment", "version", "created_at", "created_by"]
    list_filter = ["treatment"]
    fields = ["treatment", "text"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        published = consent_text_publish(treatment=obj.treatment, text=obj.text, by=request.user)
        obj.pk, obj.version = published.pk, published.version


@admin.register(IntakeLink)
class IntakeLinkAdmin(ReadOnlyAdmin):
    """Links sent to clients; the token itself is never stored."""

    list_display = ["client", "created_at", "created_by", "expires_at", "used_at", "sent_to"]
    list_filter = ["created_at", "used_at"]
    search_fields = ["client__last_name", "client__first_name", "sent_to"]
    exclude = ["draft", "token_hash"]


@admin.register(ConsentSignature)
class ConsentSignatureAdmin(ReadOnlyAdmin):
    """Signed consents, with the text version, time, address and browser."""

    list_display = ["client", "consent_text", "signed_at", "signer_name", "ip_address"]
    list_filter = ["consent_text__treatment", "signed_at"]
    search_fields = ["client__last_name", "client__first_name", "signer_name"]
    exclude = ["signature", "guardian_signature"]
