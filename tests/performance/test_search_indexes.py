"""Migration 0016: trigram and B-tree indexes on PostgreSQL that the searches really use; nothing
on SQLite; and running it again changes nothing."""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from intake.models import Client
from intake.selectors import client_search
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db
migration = importlib.import_module("intake.migrations.0016_search_indexes")
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL indexes")


def index_names() -> set[str]:
    """The names of the indexes 0016 makes that the database has."""
    with connection.cursor() as cursor:
        tables = {"intake_client", "intake_appointment", "intake_flag", "intake_bookingattempt"}
        found = set()
        for table in tables:
            found |= set(connection.introspection.get_constraints(cursor, table))
    return found & set(migration.INDEXES)


def plan(queryset) -> str:
    """PostgreSQL's plan for a queryset when it may not read whole tables."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@postgresql_only
def test_the_indexes_exist_and_a_second_run_changes_nothing():
    assert index_names() == set(migration.INDEXES)
    with connection.schema_editor() as schema_editor:
        migration.add_indexes(apps, schema_editor)
    assert index_names() == set(migration.INDEXES)


@postgresql_only
@pytest.mark.parametrize("query", ["haddad", "Amira Had", "07700 9001", "amira@example"])
def test_client_search_reads_the_trigram_indexes(query):
    used = plan(client_search(query).order_by())
    assert "_trgm" in used, used
    assert "Seq Scan on intake_client" not in used


def test_matches_come_in_name_order_as_the_whole_list_does():
    for first, last in [("Zoe", "Okafor"), ("Amira", "Haddad"), ("Ben", "Haddad"), ("amy", "haddad")]:
        ClientFactory(first_name=first, last_name=last, email=f"{first}@example.com")
    everyone = list(Client.objects.all())
    assert list(client_search("example")) == everyone
    assert list(client_search("example")) == list(client_search(""))


@postgresql_only
def test_a_surname_search_sorts_its_matches_instead_of_walking_the_name_index():
    assert "client_name_idx" not in plan(client_search("haddad"))


@postgresql_only
def test_a_birth_date_search_reads_the_date_index():
    assert "client_dob_idx" in plan(client_search("1990-04-01").order_by())


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
def test_on_sqlite_the_migration_does_nothing():
    executed = []

    class SchemaEditor:
        """Records what the migration would run."""

        def __init__(self):
            self.connection = connection

        def execute(self, sql, params=()):
            executed.append(sql)

    migration.add_indexes(apps, SchemaEditor())
    migration.remove_indexes(apps, SchemaEditor())
    assert executed == []
    assert index_names() == set()
