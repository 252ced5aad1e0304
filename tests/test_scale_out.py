"""Several app servers serve one clinic: nothing a request leaves behind stays in one process.

Sessions, the cache (rate limits), sign-in lockouts and the rule set's version stamp live in the
database; bench/run.py checks it live with two gunicorn servers. Every server needs the same
SECRET_KEY (sessions and CSRF tokens are signed with it) and, for uploaded letters, a shared
MEDIA_ROOT (a shared volume in docker-compose.yml).
"""

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache

from intake.models import Rule, RuleSetVersion
from intake.rules.loader import screening_context

pytestmark = pytest.mark.django_db


def test_a_session_signed_in_anywhere_is_read_from_the_database(as_user, front_desk):
    http = as_user(front_desk)
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    key = http.cookies[settings.SESSION_COOKIE_NAME].value
    assert SessionStore(session_key=key).get("_auth_user_id") == str(front_desk.pk)


def test_the_cache_is_a_table_every_process_shares():
    assert isinstance(caches["default"], DatabaseCache)
    caches["default"].set("shared", 42)
    another_process = DatabaseCache(settings.CACHES["default"]["LOCATION"], {})
    assert another_process.get("shared") == 42


def test_sign_in_lockouts_are_kept_in_the_database():
    handler = getattr(settings, "AXES_HANDLER", "axes.handlers.database.AxesDatabaseHandler")
    assert handler == "axes.handlers.database.AxesDatabaseHandler"


def test_a_rule_change_saved_by_another_process_is_in_force_at_the_next_screening():
    codes = {spec.code for spec in screening_context().rules.rules}
    assert "KELOID" in codes
    # Another process retires the rule: all this process is told is the stamp in the database.
    Rule.objects.filter(code="KELOID").update(enabled=False)
    RuleSetVersion.objects.update_or_create(pk=1, defaults={"token": "another-process"})
    assert "KELOID" not in {spec.code for spec in screening_context().rules.rules}

