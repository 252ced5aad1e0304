"""Fixtures of the API tests: clients of the API authenticated with a user's token."""

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from intake.services.intakes import intake_submit
from tests.factories import ClientFactory, document


@pytest.fixture
def api():
    """An API client sending the given user's token (made on first use), or no credentials at all."""

    def client_for(user=None, *, keyword: str = "Token") -> APIClient:
        http = APIClient()
        http.default_format = "json"
        if user is not None:
            token, _created = Token.objects.get_or_create(user=user)
            http.credentials(HTTP_AUTHORIZATION=f"{keyword} {token.key}")
        return http

    return client_for


@pytest.fixture
def today() -> str:
    """Today's date in the clinic, as an intake document writes it."""
    return timezone.localdate().isoformat()


@pytest.fixture
def client_with_intake(front_desk, today):
    """A registered client with a current intake (version 1) filled in today, with nothing to report."""
    client = ClientFactory(first_name="Amira", last_name="Haddad")
    intake_submit(client=client, document=document(client, intake_date=today), by=front_desk)
    return client
