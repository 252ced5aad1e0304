"""Signing in: lockout per username and address with a cool-off, logging, and a new session."""
import datetime
import logging

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "pass-word-1"
CLINIC_PC, OTHER_PC = "192.0.2.10", "198.51.100.7"


def sign_in(http, username: str, password: str = PASSWORD, address: str = CLINIC_PC):
    """Post the sign-in form from the given address."""
    return http.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(http, username: str, times: int, address: str = CLINIC_PC):
    """Sign in with a wrong password the given number of times; the last answer."""
    for _attempt in range(times):
        response = sign_in(http, username, "wrong-password", address)
    return response


def age_attempts(minutes: int):
    """Pretend every recorded failure happened the given number of minutes earlier."""
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= datetime.timedelta(minutes=minutes)
        attempt.save()


def test_the_numbers_are_five_failures_and_fifteen_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_four_failures_still_let_the_right_password_in(client, front_desk):
    assert fail(client, "frontdesk", 4).status_code == 200
    response = sign_in(client, "frontdesk")
    assert response.status_code == 302
    assert response.url == reverse("intake:client_list")
    assert not AccessAttempt.objects.exists(), "a success resets the count"


def test_five_failures_pause_that_username_from_that_address(client, front_desk):
    response = fail(client, "frontdesk", 5)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Signing in is paused" in page
    assert "5 wrong passwords in a row" in page
    assert "paused for 15 minutes" in page

    response = sign_in(client, "frontdesk")
    assert response.status_code == 429, "even the right password waits for the cool-off"
    assert "_auth_user_id" not in client.session


def test_a_lockout_touches_neither_other_addresses_nor_other_usernames(client, front_desk, aesthetician):
    fail(client, "frontdesk", 5)
    assert sign_in(client, "frontdesk", address=OTHER_PC).status_code == 302
    client.logout()
    assert sign_in(client, "aesthetician").status_code == 302


def test_the_pause_ends_after_the_cool_off(client, front_desk):
    fail(client, "frontdesk", 5)
    age_attempts(minutes=14)
    assert sign_in(client, "frontdesk").status_code == 429
    age_attempts(minutes=2)
    assert sign_in(client, "frontdesk").status_code == 302


def test_more_tries_during_the_pause_do_not_extend_it(client, front_desk):
    """Nobody can keep a colleague locked out for good by retrying."""
    fail(client, "frontdesk", 5)
    age_attempts(minutes=10)
    fail(client, "frontdesk", 10)
    age_attempts(minutes=6)
    assert sign_in(client, "frontdesk").status_code == 302


def test_every_attempt_is_recorded_and_failures_are_logged(client, front_desk, caplog):
    with caplog.at_level(logging.INFO, logger="clinic.security"):
        fail(client, "frontdesk", 2)
        sign_in(client, "frontdesk")
    assert AccessFailureLog.objects.filter(username="frontdesk", ip_address=CLINIC_PC).count() == 2
    assert AccessLog.objects.filter(username="frontdesk", ip_address=CLINIC_PC).count() == 1
    lines = [record.getMessage() for record in caplog.records if record.name == "clinic.security"]
    assert lines.count(f"Failed sign-in for username 'frontdesk' from {CLINIC_PC}") == 2
    assert f"Sign-in: 'frontdesk' (id {front_desk.pk}) from {CLINIC_PC}" in lines
    assert not any("wrong-password" in line for line in caplog.text.splitlines())


def test_a_lockout_is_logged(client, front_desk, caplog):
    with caplog.at_level(logging.WARNING, logger="clinic.security"):
        fail(client, "frontdesk", 5)
    assert f"Sign-in locked for username 'frontdesk' from {CLINIC_PC} after 5 failures" in caplog.messages


def test_a_forged_username_cannot_forge_log_lines(client, caplog):
    with caplog.at_level(logging.WARNING, logger="clinic.security"):
        fail(client, "nobody\nSign-in: 'clinicadmin'", 1)
    line = "Failed sign-in for username \"nobody\\nSign-in: 'clinicadmin'\" from 192.0.2.10"
    assert line in caplog.messages


def test_signing_in_starts_a_new_session(client, front_desk):
    session = client.session
    session["visited"] = True
    session.save()
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert sign_in(client, "frontdesk").status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before


def test_a_disabled_user_is_refused_at_the_next_request(as_user, front_desk):
    http = as_user(front_desk)
    assert http.get(reverse("intake:client_list")).status_code == 200
    front_desk.is_active = False
    front_desk.save()
    response = http.get(reverse("intake:client_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_disabled_user_cannot_sign_in(client, front_desk):
    front_desk.is_active = False
    front_desk.save()
    assert sign_in(client, "frontdesk").status_code == 200
    assert "_auth_user_id" not in client.session
