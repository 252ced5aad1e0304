"""Fixtures shared by the whole suite."""
import pytest

from .factories import ClientFactory, UserFactory

ROLES = {"front_desk": "Front desk", "aesthetician": "Aesthetician", "clinic_admin": "Clinic admin"}


@pytest.fixture
def front_desk(db):
    """A user with the Front desk role."""
    return UserFactory(username="frontdesk", role="Front desk")


@pytest.fixture
def aesthetician(db):
    """A user with the Aesthetician role."""
    return UserFactory(username="aesthetician", role="Aesthetician")


@pytest.fixture
def clinic_admin(db):
    """A user with the Clinic admin role (may open the Django admin)."""
    return UserFactory(username="clinicadmin", role="Clinic admin")


@pytest.fixture
def client_record(db):
    """A registered client with no intake yet."""
    return ClientFactory(first_name="Amira", last_name="Haddad")


@pytest.fixture
def as_user(client):
    """Log the Django test client in as the given user and return it."""

    def login(user):
        client.force_login(user)
        return client

    return login
