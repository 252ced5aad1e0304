"""Session limits: a signed-in session ends after an idle spell and after a maximum age.

Django's own cookie age only bounds the whole session; the idle limit needs the time of the last
request, kept in the session itself. That time is written at most once a minute
(SESSION_ACTIVITY_RESOLUTION): stamping every request would rewrite the session row on every page
view, for an idle limit of 30 minutes that a minute either way does not change.
"""
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from .audit import logger, who

SIGNED_IN_AT = "security.signed_in_at"
LAST_SEEN_AT = "security.last_seen_at"
IDLE, MAX_AGE = "idle", "maximum age"
EXPIRY_MESSAGES = {
    IDLE: _("You were signed out after %(minutes)s minutes without activity. Please sign in again."),
    MAX_AGE: _("You were signed out because sessions last at most %(hours)s hours. Please sign in again."),
}


@receiver(user_logged_in)
def stamp_sign_in(sender, request, user, **kwargs):
    """Note when this session signed in, the start of its maximum age."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN_AT] = now


def session_expiry(session, now: float) -> str | None:
    """Why a signed-in session has run out (IDLE or MAX_AGE), or None while it is still good."""
    if now - session.get(SIGNED_IN_AT, now) > settings.SESSION_MAX_AGE:
        return MAX_AGE
    if now - session.get(LAST_SEEN_AT, now) > settings.SESSION_IDLE_TIMEOUT:
        return IDLE
    return None


def session_end(request, expiry: str):
    """Sign the user out because the session ran out, and send them to sign in again."""
    logger.info("Session ended (%s) for %s", expiry, who(request.user))
    logout(request)
    limits = {"minutes": settings.SESSION_IDLE_TIMEOUT // 60, "hours": settings.SESSION_MAX_AGE // 3600}
    messages.info(request, EXPIRY_MESSAGES[expiry] % limits)
    return redirect_to_login(request.get_full_path())


class SessionLimitMiddleware:
    """Sign out a session idle for SESSION_IDLE_TIMEOUT seconds or older than SESSION_MAX_AGE seconds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            expiry = session_expiry(request.session, now)
            if expiry:
                return session_end(request, expiry)
            request.session.setdefault(SIGNED_IN_AT, now)
            if now - request.session.get(LAST_SEEN_AT, 0) >= settings.SESSION_ACTIVITY_RESOLUTION:
                request.session[LAST_SEEN_AT] = now
        return self.get_response(request)
