"""The api app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """REST API, FHIR export and CDS Hooks service."""

    name = "api"
    verbose_name = _("API")
