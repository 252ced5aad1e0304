"""Two-factor sign-in with an authenticator app (TOTP) and single-use backup codes.

Who must use it: staff who may open the Django admin, superusers and the roles named in
TWO_FACTOR_REQUIRED_GROUPS. Anyone else may turn it on; once on, it is asked for at every sign-in.
"""
from base64 import b32encode

import segno
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django_otp import devices_for_user, verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .access import access_forget, user_access
from .audit import logger, who
from .roles import role_names

BACKUP_CODE_COUNT = 10
TOTP_DIGITS = 6
# Views a user who still owes two-factor may open: signing in and out, and two-factor itself.
OPEN_VIEWS = {"login", "logout", "healthz", "security:two_factor_setup", "security:two_factor_verify"}


def two_factor_required(user) -> bool:
    """Whether the user's role obliges them to use two-factor."""
    return (
        user.is_superuser
        or user.is_staff
        or not set(role_names(user)).isdisjoint(settings.TWO_FACTOR_REQUIRED_GROUPS)
    )


def two_factor_enabled(user) -> bool:
    """Whether the user has a confirmed authenticator (an anonymous user has none); read with the
    rest of their access (`user_access`)."""
    return user_access(user).authenticator


def two_factor_owed(user) -> bool:
    """Whether this signed-in user must still pass two-factor in this session."""
    if settings.OTP_DEMO_BYPASS or not user.is_authenticated or user.is_verified():
        return False
    return two_factor_enabled(user) or two_factor_required(user)


def totp_device_pending(*, user) -> TOTPDevice:
    """The authenticator being set up (not yet confirmed), made on first call and kept until confirmed."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Confirm a pending authenticator with a code from it; it replaces any earlier one."""
    if not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    logger.info("Two-factor authenticator confirmed for %s", who(device.user))
    return True


@transaction.atomic
def backup_codes_create(*, user) -> list[str]:
    """Make a fresh set of single-use backup codes (earlier ones stop working) and return them."""
    device, _created = StaticDevice.objects.get_or_create(user=user, defaults={"name": "Backup codes"})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _index in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    logger.info("Backup codes issued for %s", who(user))
    return codes


def backup_codes_left(user) -> int:
    """How many unused backup codes the user has."""
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def two_factor_disable(*, user) -> None:
    """Remove the user's authenticator and backup codes."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    access_forget(user)
    logger.info("Two-factor turned off for %s", who(user))


def normalise_token(token: str) -> str:
    """A code as typed, without spaces or dashes and in lower case (backup codes are lower case)."""
    return "".join(token.split()).replace("-", "").lower()


def token_verify(*, user, token: str):
    """The device that accepts the code (authenticator or backup code), or None.

    Each device throttles its own failures (django-otp doubles the wait after each one).
    """
    token = normalise_token(token)
    kind = TOTPDevice if token.isdigit() and len(token) == TOTP_DIGITS else StaticDevice
    for device in devices_for_user(user):
        if isinstance(device, kind) and verify_token(user, device.persistent_id, token):
            return device
    logger.warning("Failed two-factor code for %s", who(user))
    return None


def qr_code_svg(device: TOTPDevice) -> SafeString:
    """The authenticator's set-up link as an inline SVG QR code, drawn here (no third party sees it)."""
    code = segno.make(device.config_url, error="m")
    # segno writes only shapes and our fixed title: no text from the link appears as markup.
    svg = code.svg_inline(scale=5, dark="#000", light="#fff", title=_("QR code"), svgclass="qr-code")
    return mark_safe(svg)


def secret_for_typing(device: TOTPDevice) -> str:
    """The authenticator's secret in base32, in groups of four, for typing in by hand."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[start : start + 4] for start in range(0, len(secret), 4))


class TwoFactorMiddleware:
    """Send a signed-in user who owes two-factor to verify it (or set it up) before any other page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        """Redirect to two-factor, keeping where the user was going, unless the page is open to them."""
        if request.resolver_match.view_name in OPEN_VIEWS or not two_factor_owed(request.user):
            return None
        step = "verify" if two_factor_enabled(request.user) else "setup"
        return redirect_to_login(request.get_full_path(), reverse(f"security:two_factor_{step}"))
