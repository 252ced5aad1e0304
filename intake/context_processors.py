"""Template context shared by every page."""

from django.conf import settings


def clinic(request):
    """The clinic's display name, for page titles and printouts."""
    return {"clinic_name": settings.CLINIC_NAME}

