"""New rows and their creation records (django-simple-history's "+" rows) in one statement each.

simple-history's `bulk_create_with_history` inserts the rows, then their historical records: two
round trips, and Python building a historical instance for every row. On PostgreSQL a `WITH` may
write, so the rows are inserted, and copied from what the insert returns into the history table, in
one statement; elsewhere simple-history does it, as it does for rows dated in the past (a
`_history_date` of their own: the synthetic data's). Booking an appointment writes two such sets
(the appointment, its findings).
"""

from django.db import connection
from django.db.models import AutoField, Model
from django.db.models.sql import InsertQuery
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, get_history_manager_for_model


def create_with_history(model: type[Model], objects: list[Model], *, by, batch_size: int) -> list[Model]:
    """Insert new rows (no primary key yet) with a creation record of each attributed to `by`, in
    batches of `batch_size`; the rows, their primary keys set, as `bulk_create` returns them."""
    if any(obj.pk is not None for obj in objects):
        raise ValueError("create_with_history creates new rows: these have a primary key already")
    if connection.vendor != "postgresql" or any(hasattr(obj, "_history_date") for obj in objects):
        return bulk_create_with_history(objects, model, batch_size=batch_size, default_user=by)
    for start in range(0, len(objects), batch_size):
        batch_store(model, objects[start : start + batch_size], by=by)
    return objects


def batch_store(model: type[Model], objects: list[Model], *, by) -> None:
    """One statement: insert the rows, and their creation records from what the insert returns."""
    history = get_history_manager_for_model(model).model
    fields = [field for field in model._meta.concrete_fields if not isinstance(field, AutoField)]
    for obj in objects:
        obj._prepare_related_fields_for_save(operation_name="bulk_create")
    query = InsertQuery(model)
    query.insert_values(fields, objects)
    compiler = query.get_compiler(connection=connection)
    compiler.returning_fields = history.tracked_fields
    [(insert, values)] = compiler.as_sql()
    quote = connection.ops.quote_name
    copied = [quote(field.column) for field in history.tracked_fields]
    recorded = [quote(history._meta.get_field(field.name).column) for field in history.tracked_fields]
    kept = ["history_date", "history_change_reason", "history_type", "history_user"]
    recorded += [quote(history._meta.get_field(name).column) for name in kept]
    sql = (
        f"WITH stored AS ({insert}), recorded AS (INSERT INTO {quote(history._meta.db_table)} "
        f"({', '.join(recorded)}) SELECT {', '.join(copied)}, %s, '', '+', %s FROM stored) "
        f"SELECT {quote(model._meta.pk.column)} FROM stored"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, timezone.now(), getattr(by, "pk", None)])
        keys = cursor.fetchall()
    for obj, (key,) in zip(objects, keys, strict=True):
        obj.pk = key
        obj._state.adding, obj._state.db = False, connection.alias
