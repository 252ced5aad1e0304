"""Two-factor helpers shared by the tests: an authenticator's current code, a session past two-factor."""
import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def authenticator(user, *, confirmed: bool = True) -> TOTPDevice:
    """The user's authenticator, made if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()
    return device or TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=confirmed)


def totp_code(device: TOTPDevice) -> str:
    """The code the device's app shows now; one step ahead if this step's code was already used."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    # A code is accepted once; the device tolerates one step of clock drift, so the next one works.
    if totp.t() <= device.last_t:
        totp.time = device.t0 + (device.last_t + 1) * device.step
    return f"{totp.token():0{device.digits}d}"


def pass_two_factor(http, user) -> TOTPDevice:
    """Mark a test client's session as past two-factor, with the user's authenticator."""
    device = authenticator(user)
    session = http.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
