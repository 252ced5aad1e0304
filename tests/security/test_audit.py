"""Security logging: refused requests name who and which URL; the client address behind proxies."""
import logging

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from clinic.security.audit import client_ip


@pytest.mark.django_db
def test_a_refused_request_is_logged_with_who_and_which_url(as_user, aesthetician, caplog):
    with caplog.at_level(logging.WARNING, logger="clinic.security"):
        response = as_user(aesthetician).get(reverse("intake:client_create"))
    assert response.status_code == 403
    line = f"Forbidden: 'aesthetician' (id {aesthetician.pk}) GET '/clients/new/' from 127.0.0.1"
    assert line in caplog.messages


@pytest.mark.django_db
def test_a_request_without_csrf_token_is_refused_and_logged(caplog):
    with caplog.at_level(logging.WARNING, logger="clinic.security"):
        response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Forbidden: anonymous POST '/accounts/login/' from 127.0.0.1" in caplog.messages


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.2"),
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.3", "203.0.113.9"),
        (1, "", "10.0.0.2"),
        (1, "not-an-address", "10.0.0.2"),
    ],
)
def test_the_client_address_trusts_only_our_own_proxies(proxies, forwarded, expected):
    """A client can put anything in X-Forwarded-For; only the entries our proxies added count."""
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        assert client_ip(request) == expected
