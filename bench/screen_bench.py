"""Benchmark of screening: screenings per second of `screen()` over a loaded snapshot, and the queries
to load and screen one client, for histories of growing size. It prints numbers; it asserts nothing.

    .venv/bin/python bench/screen_bench.py [--seconds 3]

It runs on a throwaway test database (SQLite in memory; with DATABASE_URL set, a PostgreSQL database
called test_screen_bench) created, migrated and dropped again by the script.
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

APPOINTMENT = datetime.date(2026, 12, 1)


def history(size: int) -> dict:
    """An intake document with `size` entries of each kind: conditions, medications, procedures, visits."""
    day = lambda n: (datetime.date(2026, 11, 19) - datetime.timedelta(days=n)).isoformat()  # noqa: E731
    conditions = ["eczema", "psoriasis", "rosacea", "acne", "diabetes"]
    medications = ["isotretinoin", "topical-retinoid", "anticoagulant", "minoxidil"]
    procedures = ["chemical-peel", "laser", "waxing", "hair-colouring"]
    face, scalp = "microdermabrasion-face", "microdermabrasion-scalp"
    return {
        "intake_date": "2026-11-20",
        "client": {"date_of_birth": "1990-04-01"},
        "skin": {"sensitive": True},
        "conditions": [
            {"code": conditions[n % 5], "status": "inactive", "sites": ["face", "hands"]} for n in range(size)
        ],
        "medications": [
            {"code": medications[n % 4], "current": False, "last_taken": day(30 * n)} for n in range(size)
        ],
        "procedures": [
            {"code": procedures[n % 4], "date": day(20 * n), "sites": ["face"]} for n in range(size)
        ],
        "answers": {"aluminium_allergy": True, "sunburn_sites": ["back"], "broken_skin_sites": []},
        "previous_sessions": [{"treatment": face, "date": day(40 * n)} for n in range(size)],
        "consultations": [{"treatment": scalp, "date": day(50 * n)} for n in range(size)],
    }


def throughput(seconds: float) -> None:
    """Screenings per second of `screen()` alone, on one core, with the default rule set."""
    from intake.rules.engine import screen
    from intake.rules.loader import screening_context
    from intake.rules.snapshot import snapshot_from_document

    context = screening_context()
    print(f"rules in force: {len(context.rules.rules)}")
    bookings = [
        (treatment.code, treatment.site, method, intensity)
        for treatment in context.treatments
        for method, intensity in [(None, None), ("crystal", "standard"), ("diamond-tip", "gentle")]
    ]
    histories = [("empty history", 0), ("typical history (3 of each)", 3), ("long history (20 of each)", 20)]
    for label, size in histories:
        snapshot = snapshot_from_document(history(size))
        count, start = 0, time.perf_counter()
        while (elapsed := time.perf_counter() - start) < seconds:
            for treatment, site, method, intensity in bookings:
                screen(
                    snapshot,
                    treatment=treatment,
                    site=site,
                    date=APPOINTMENT,
                    rules=context.rules,
                    method=method,
                    intensity=intensity,
                )
            count += len(bookings)
        print(f"screen(), {label:<28} {count / elapsed:>10,.0f} screenings/s")


def queries() -> None:
    """Queries to load a client's snapshot and screen it for every active treatment, by history size."""
    from intake.models import Client
    from intake.rules.loader import client_screenings
    from intake.services.intakes import intake_submit
    from intake.services.rules import ruleset_changed

    for size in (1, 10, 100):
        client = Client.objects.create(
            first_name="Bench", last_name=f"Client{size}", date_of_birth=datetime.date(1990, 4, 1)
        )
        intake_submit(client=client, document=history(size), by=None)
        ruleset_changed()
        with CaptureQueriesContext(connection) as first:
            client_screenings(client, on=APPOINTMENT)
        with CaptureQueriesContext(connection) as cached:
            start = time.perf_counter()
            client_screenings(client, on=APPOINTMENT)
            elapsed = time.perf_counter() - start
        print(
            f"load + screen one client, {size:>3} entries of each kind: {len(cached):>2} queries "
            f"({len(first)} just after a rule change), {elapsed * 1000:.1f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time spent on each throughput run")
    options = parser.parse_args()
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = "test_screen_bench"
    settings.DEBUG = False
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"database: {connection.vendor}; Python {sys.version.split()[0]}")
        throughput(options.seconds)
        queries()
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
