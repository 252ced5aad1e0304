"""The statements the app sent, read back from captured queries."""

import re

from django.db import connection

# A read as sent: a plain SELECT, or the statement a prepared read's EXECUTE runs.
READ = re.compile(r"(PREPARE \S+ (\(.*?\) )?AS )?SELECT")


def statement_sent(sql: str) -> str:
    """The SQL a logged query ran: for the `EXECUTE` of a prepared read, its `PREPARE`."""
    prepared = re.match(r"EXECUTE (\w+)", sql)
    if prepared is None:
        return sql
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE name = %s", [prepared[1]])
        return cursor.fetchone()[0]
