"""The benchmark's own pieces: the framework floor and the query-count header exist only under the
benchmark's settings (clinic.settings.bench), a run leaves the data as it found it, and its CPU meter
counts what the servers and PostgreSQL spend."""

import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from intake.models import Appointment, AppointmentStatus, BookingAttempt, Treatment
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def test_the_floor_is_not_served_by_the_site(as_user, front_desk):
    assert as_user(front_desk).get("/bench/floor/").status_code == 404


def test_under_the_bench_urls_the_floor_runs_every_middleware_and_counts_queries(
    settings, as_user, front_desk
):
    settings.ROOT_URLCONF = "clinic.urls_bench"
    settings.MIDDLEWARE = ["clinic.bench.BenchHeadersMiddleware", *settings.MIDDLEWARE]
    response = as_user(front_desk).get("/bench/floor/")
    assert response.status_code == 200
    assert int(response["X-Queries"]) >= 2  # the session and the user, at least
    assert response["X-Served-By"].isdigit()


def bench_run():
    """bench/run.py, loaded as a module."""
    path = Path(__file__).resolve().parent.parent / "bench" / "run.py"
    spec = importlib.util.spec_from_file_location("bench_run", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_run_takes_away_the_bookings_it_made_and_nothing_else(practitioner, at):
    face = Treatment.objects.get(code="microdermabrasion-face")

    def booked(hour: int) -> Appointment:
        return Appointment.objects.create(
            client=ClientFactory(),
            treatment=face,
            site=face.site,
            practitioner=practitioner,
            start=at(hour),
            end=at(hour + 1),
            status=AppointmentStatus.PENDING_REVIEW,
        )

    def refused() -> BookingAttempt:
        return BookingAttempt.objects.create(client=ClientFactory(), treatment=face, start=at(9), findings=[])

    before, attempt_before = booked(9), refused()
    with bench_run().bookings_undone():
        during, attempt_during = booked(11), refused()
    assert list(Appointment.objects.all()) == [before]
    assert list(BookingAttempt.objects.all()) == [attempt_before]
    assert during.pk > before.pk and attempt_during.pk > attempt_before.pk


def busy(seconds: float) -> None:
    """Keep this process's CPU busy for `seconds` of CPU time."""
    started = time.process_time()
    while time.process_time() - started < seconds:
        pass


def test_the_cpu_meter_counts_a_servers_work():
    meter = bench_run().CpuMeter([os.getpid()])  # this process stands in for a server
    before = meter.read()
    busy(0.3)
    spent = meter.since(before)
    assert 0.25 < spent.app < 2
    assert 0 <= spent.idle < 1


def test_the_cpu_meter_counts_a_worker_that_ends_between_its_readings():
    # A child busy for 0.4 s of CPU that ends before the second reading, as a PostgreSQL backend
    # does when its connection reaches its CONN_MAX_AGE during a page's run.
    worker = subprocess.Popen([sys.executable, "-c", BUSY_CHILD])
    meter = bench_run().CpuMeter([os.getpid()])  # this process stands in for a server
    before = meter.read()
    worker.wait()
    assert meter.since(before).app > 0.25


BUSY_CHILD = "import time\nstart = time.process_time()\nwhile time.process_time() - start < 0.4:\n    pass"


def test_the_cpu_meter_counts_postgresqls_work_on_this_machine():
    local = connection.settings_dict["HOST"] in ("127.0.0.1", "localhost")
    if connection.vendor != "postgresql" or not local:
        pytest.skip("PostgreSQL on this machine")
    meter = bench_run().CpuMeter([os.getpid()])
    before = meter.read()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM generate_series(1, 3000000)")
    assert meter.since(before).database > 0.05
