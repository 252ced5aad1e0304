"""System checks: the demo's way past two-factor is refused outside DEBUG."""
import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from clinic.security.checks import E001, demo_bypass_check


@pytest.mark.parametrize(
    ("bypass", "debug", "expected"),
    [(True, False, [E001]), (True, True, []), (False, False, []), (False, True, [])],
)
def test_demo_bypass_is_an_error_only_without_debug(bypass, debug, expected):
    with override_settings(OTP_DEMO_BYPASS=bypass, DEBUG=debug):
        assert demo_bypass_check(None) == expected


@override_settings(OTP_DEMO_BYPASS=True, DEBUG=False)
def test_manage_py_check_fails_with_the_bypass_in_production():
    with pytest.raises(SystemCheckError, match="clinic_security.E001"):
        call_command("check")
