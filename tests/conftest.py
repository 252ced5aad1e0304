"""Fixtures shared by the whole suite."""
import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython

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


def replay_data_migrations():
    """Run the intake app's data migrations again (they are idempotent) on the current schema."""
    loader = MigrationLoader(connection)
    apps = loader.project_state().apps
    leaf = next(node for node in loader.graph.leaf_nodes() if node[0] == "intake")
    with connection.schema_editor() as schema_editor:
        for app_label, name in loader.graph.forwards_plan(leaf):
            for operation in loader.graph.nodes[app_label, name].operations:
                if app_label == "intake" and isinstance(operation, RunPython):
                    operation.code(apps, schema_editor)


@pytest.fixture
def reference_data(transactional_db):
    """Restore the rows data migrations create (catalogues, roles, rules) after a flush.

    A transactional test (live server, concurrency) empties every table when it ends.
    """
    if not Group.objects.exists():
        replay_data_migrations()
