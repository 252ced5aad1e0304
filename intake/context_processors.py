"""Template context shared by every page."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .models import Notice


def clinic(request):
    """The clinic's display name, for page titles and printouts."""
    return {"clinic_name": settings.CLINIC_NAME}


def notices(request):
    """How many unread notices the signed-in user has (counted only when a page shows it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notices": SimpleLazyObject(
            lambda: Notice.objects.filter(user=user, read_at__isnull=True).count()
        )
    }
