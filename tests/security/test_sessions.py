"""Session limits: signed out after 30 minutes idle and after 12 hours at most."""
import time

import pytest
from django.conf import settings
from django.urls import reverse

from clinic.security.sessions import LAST_SEEN_AT, SIGNED_IN_AT

pytestmark = pytest.mark.django_db

MINUTE, HOUR = 60, 3600


def backdate(http, key: str, seconds: int):
    """Move a session timestamp the given number of seconds into the past."""
    session = http.session
    session[key] = time.time() - seconds
    session.save()


def test_the_limits_are_30_minutes_idle_and_12_hours_in_all():
    assert settings.SESSION_IDLE_TIMEOUT == 30 * MINUTE
    assert settings.SESSION_MAX_AGE == 12 * HOUR
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_MAX_AGE


def test_sign_in_stamps_the_session(as_user, front_desk):
    http = as_user(front_desk)
    assert time.time() - http.session[SIGNED_IN_AT] < MINUTE
    assert time.time() - http.session[LAST_SEEN_AT] < MINUTE


def test_29_idle_minutes_keep_the_session_and_count_as_activity(as_user, front_desk):
    http = as_user(front_desk)
    backdate(http, LAST_SEEN_AT, 29 * MINUTE)
    assert http.get(reverse("intake:client_list")).status_code == 200
    assert time.time() - http.session[LAST_SEEN_AT] < MINUTE


def test_activity_is_written_to_the_session_at_most_once_a_minute(as_user, front_desk):
    http = as_user(front_desk)
    backdate(http, LAST_SEEN_AT, 20)
    before = http.session[LAST_SEEN_AT]
    http.get(reverse("intake:client_list"))
    assert http.session[LAST_SEEN_AT] == before
    backdate(http, LAST_SEEN_AT, MINUTE + 1)
    http.get(reverse("intake:client_list"))
    assert time.time() - http.session[LAST_SEEN_AT] < 5


def test_31_idle_minutes_sign_the_user_out(as_user, front_desk, client_record):
    http = as_user(front_desk)
    backdate(http, LAST_SEEN_AT, 31 * MINUTE)
    url = client_record.get_absolute_url()
    response = http.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"
    assert "_auth_user_id" not in http.session
    page = http.get(response.url).content.decode()
    assert "signed out after 30 minutes without activity" in page


def test_12_hours_after_sign_in_the_session_ends_however_busy(as_user, front_desk):
    http = as_user(front_desk)
    backdate(http, SIGNED_IN_AT, 12 * HOUR + MINUTE)
    response = http.get(reverse("intake:client_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert "sessions last at most 12 hours" in http.get(response.url).content.decode()


def test_a_post_after_the_idle_limit_changes_nothing(as_user, front_desk, client_record):
    http = as_user(front_desk)
    backdate(http, LAST_SEEN_AT, 31 * MINUTE)
    response = http.post(reverse("intake:client_update", args=[client_record.pk]), {"first_name": "Changed"})
    assert response.status_code == 302
    client_record.refresh_from_db()
    assert client_record.first_name == "Amira"


def test_the_session_ends_when_the_browser_closes():
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
