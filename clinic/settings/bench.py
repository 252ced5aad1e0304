"""Settings for the benchmark (bench/run.py): the production stack over plain HTTP on this machine,
with the framework floor page and a query-count header, which no other settings enable."""

import os
import warnings

from .base import *  # noqa: F403
from .base import MIDDLEWARE

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "bench-only-not-secret-0123456789abcdefghijklmnopqrstuvwxyz")
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "clinic.urls_bench"
# Outermost, so the count includes every middleware's queries (session, user, two-factor).
MIDDLEWARE = ["clinic.bench.BenchHeadersMiddleware", *MIDDLEWARE]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files are not collected for the benchmark (it fetches pages, not assets).
warnings.filterwarnings("ignore", "No directory at", UserWarning)
