"""App configuration of the security app."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    """Two-factor pages, session limits, security logging and the checks that guard them."""

    name = "clinic.security"
    # Not "security": Django's own deploy checks already use the "security." prefix for their ids.
    label = "clinic_security"
    verbose_name = _("Security")

    def ready(self):
        # Imported to register the signal receivers and system checks.
        from . import audit, checks, sessions  # noqa: F401
