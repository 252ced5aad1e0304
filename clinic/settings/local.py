"""Settings for the demo and local development: SQLite by default, debug on, console e-mail."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
# The demo's way past two-factor (see docs/security.md): only while DEBUG is on. Set
# OTP_DEMO_BYPASS=false to try two-factor locally.
OTP_DEMO_BYPASS = DEBUG and env_bool("OTP_DEMO_BYPASS", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "demo-only-not-secret-change-me-in-production")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
