"""System checks of the security settings: a setting that would weaken production is an error."""
from django.conf import settings
from django.core.checks import Error, Tags, register

E001 = Error(
    "OTP_DEMO_BYPASS is on while DEBUG is off: two-factor sign-in would be skipped for real users.",
    hint="Leave OTP_DEMO_BYPASS unset; only the local demo settings (DEBUG on) may turn it on.",
    id="clinic_security.E001",
)


@register(Tags.security)
def demo_bypass_check(app_configs, **kwargs):
    """Refuse the demo's way past two-factor unless DEBUG is on."""
    return [E001] if getattr(settings, "OTP_DEMO_BYPASS", False) and not settings.DEBUG else []
