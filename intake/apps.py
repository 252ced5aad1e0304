"""App configuration for the intake app."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    """Clients, intakes, catalogues and the screening rules."""

    name = "intake"
    verbose_name = _("Clinic intake")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """Connect the audit trail to the change history."""
        from . import audit  # noqa: F401
