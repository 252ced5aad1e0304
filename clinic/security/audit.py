"""Security logging to the "clinic.security" logger: sign-ins, failures, lockouts, refused requests.

User-supplied text (usernames, paths) is logged with repr() so it cannot forge log lines.
"""
import ipaddress
import logging

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

logger = logging.getLogger("clinic.security")
# Django's own limit on usernames (auth.User.username).
USERNAME_MAX_LENGTH = 150


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies, what the outermost saw.

    None when unknown (no request, or a test's fake one).
    """
    if request is None:
        return None
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [address for address in forwarded if address]
    # Only the addresses our own proxies appended can be trusted: count them from the right.
    if count and len(forwarded) >= count and is_ip_address(forwarded[-count]):
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR") or None


def is_ip_address(text: str) -> bool:
    """Whether the text is an IPv4 or IPv6 address (the lockout records store only those)."""
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def lockout_username(request, credentials=None) -> str | None:
    """The username a sign-in tried, cut to the longest a user can have, for django-axes' records.

    The sign-in form does not bound it; django-axes stores at most 255 characters.
    """
    tried = (credentials or getattr(request, "POST", None) or {}).get("username")
    return None if tried is None else str(tried)[:USERNAME_MAX_LENGTH]


def who(user) -> str:
    """A user as the log names them: 'username' (id 7), or anonymous."""
    if user is None or not user.is_authenticated:
        return "anonymous"
    return f"{user.get_username()!r} (id {user.pk})"


@receiver(user_logged_in)
def log_sign_in(sender, request, user, **kwargs):
    """Log a successful sign-in."""
    logger.info("Sign-in: %s from %s", who(user), client_ip(request) or "-")


@receiver(user_logged_out)
def log_sign_out(sender, request, user, **kwargs):
    """Log a sign-out (by the user, or by the session limits)."""
    logger.info("Sign-out: %s from %s", who(user), client_ip(request) or "-")


@receiver(user_login_failed)
def log_failed_sign_in(sender, credentials, request=None, **kwargs):
    """Log a failed sign-in with the username tried (the password never reaches the log)."""
    username = str(credentials.get("username", ""))[:USERNAME_MAX_LENGTH]
    logger.warning("Failed sign-in for username %r from %s", username, client_ip(request) or "-")


@receiver(user_locked_out)
def log_lockout(sender, request, username, ip_address, **kwargs):
    """Log a username and address locked out after repeated failures."""
    logger.warning(
        "Sign-in locked for username %r from %s after %s failures",
        username, ip_address, settings.AXES_FAILURE_LIMIT,
    )


class ForbiddenLogMiddleware:
    """Log every refused request (403): who asked for which URL."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            logger.warning(
                "Forbidden: %s %s %r from %s",
                who(getattr(request, "user", None)), request.method, request.path, client_ip(request) or "-",
            )
        return response
