"""Fixtures shared by the whole suite."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython
from django.utils import timezone

from clinic.security.two_factor import two_factor_required

from .factories import ClientFactory, UserFactory
from .two_factor import pass_two_factor

ROLES = {"front_desk": "Front desk", "aesthetician": "Aesthetician", "clinic_admin": "Clinic admin"}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files (clearance letters) go to a temporary folder, never the project's media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


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
    """Log the Django test client in as the given user (past two-factor when the role needs it)."""

    def login(user):
        client.force_login(user)
        if two_factor_required(user):
            pass_two_factor(client, user)
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


@pytest.fixture
def practitioner(aesthetician):
    """The aesthetician as a practitioner working Monday to Saturday, qualified for every treatment."""
    from intake.models import Practitioner, Treatment, WorkingDay

    practitioner = Practitioner.objects.create(user=aesthetician)
    practitioner.treatments.set(Treatment.objects.all())
    WorkingDay.objects.bulk_create(WorkingDay(practitioner=practitioner, weekday=day) for day in range(6))
    return practitioner


@pytest.fixture
def booking_day():
    """A Wednesday in the coming week or two: the clinic is open and intakes filled today are fresh."""
    today = timezone.localdate()
    return today + datetime.timedelta(days=7 + (2 - today.weekday()) % 7)


@pytest.fixture
def at(booking_day):
    """An aware datetime on the booking day at the given hour and minute."""

    def moment(hour: int, minute: int = 0, day=None) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day or booking_day, datetime.time(hour, minute)))

    return moment
