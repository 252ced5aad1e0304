"""Indexes for what the pages search, filter and sort on, on PostgreSQL (docs/performance.md).

Client search matches each word with `icontains` on the name, e-mail and phone: PostgreSQL runs
that as `UPPER(column::text) LIKE UPPER('%word%')`, which a trigram (pg_trgm) GIN index on
`UPPER(column)` answers without reading the whole table. The B-tree indexes serve the schedule
and the API's appointment list (by start), a date-of-birth search, the review queue and the
dashboard (open flags by level, overrides and refusals by date).

PostgreSQL only, and idempotent: SQLite (the demo) is left as it is, and `IF NOT EXISTS` makes a
second run change nothing. The indexes are not in the models' Meta because they exist on one
database only; they are written as SQL because an operator class on an expression needs
django.contrib.postgres installed, which the app does not otherwise need.
"""

from django.db import migrations

SEARCHED = ["first_name", "last_name", "email", "phone"]
INDEXES = {
    **{
        f"client_{column}_trgm": f"intake_client USING gin (UPPER({column}) gin_trgm_ops)"
        for column in SEARCHED
    },
    "client_dob_idx": "intake_client (date_of_birth)",
    "appointment_start_idx": "intake_appointment (start)",
    "appointment_override_idx": "intake_appointment (created_at) WHERE override_reason <> ''",
    "flag_status_level_idx": "intake_flag (status, level)",
    "booking_refused_idx": "intake_bookingattempt (at) WHERE NOT overridden",
}


def add_indexes(apps, schema_editor):
    """Create the trigram extension and every missing index (PostgreSQL only)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def remove_indexes(apps, schema_editor):
    """Drop the indexes; the extension stays, as other database objects may use it."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("intake", "0015_selfservice_defaults")]
    operations = [migrations.RunPython(add_indexes, remove_indexes)]
