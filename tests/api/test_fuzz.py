"""Property-based fuzzing of the API against the OpenAPI schema it serves (schemathesis): valid and
invalid requests to every operation; none may fail with a 500, and every answer must be one the schema
documents, in its content type and its shape."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

# Examples per operation and generation phase: small enough for the whole run to stay well under two
# minutes on two cores, enough to reach every field with valid and invalid values.
EXAMPLES = 15
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


# Loaded when the module is collected, from the schema the app serves (no database needed for it).
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@pytest.fixture
def requests_in_the_test_transaction():
    """Django closes the database connection when a request starts and finishes; the test client keeps
    it open for the test's transaction to last, and so does this."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def authorization(requests_in_the_test_transaction, clinic_admin, client_with_intake) -> dict:
    """A clinic admin's token (every permission), and a client with an intake for ids to find."""
    return {"Authorization": f"Token {Token.objects.create(user=clinic_admin).key}"}


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_the_api_answers_as_its_schema_says_and_never_fails(case, authorization):
    case.call_and_validate(headers=authorization, checks=CHECKS)
