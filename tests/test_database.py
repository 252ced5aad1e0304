"""The suite runs on the database CI is meant to test."""
import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_ci_runs_on_postgresql():
    """Under CI the whole suite must run against the real PostgreSQL, never SQLite."""
    if os.environ.get("CI") != "true":
        pytest.skip("only enforced under CI")
    assert connection.vendor == "postgresql"
