"""The benchmark: the app under gunicorn on PostgreSQL with 100,000 synthetic clients, driven by wrk
from another process at 8 connections. It prints numbers; it asserts nothing (docs/performance.md).

    make bench      # or: .venv/bin/python bench/run.py [--clients 100000] [--seconds 10] [--workers 1]

The database is DATABASE_URL (default postgres://postgres@127.0.0.1:5432/clinic_bench): created,
migrated and seeded (`seed_demo --clients N`, timed) the first time, reused afterwards. Every page
is measured with one gunicorn server (one sync worker, or --workers N), then with two sharing the
port (SO_REUSEPORT: the kernel spreads connections over them as a load balancer spreads them over
replicas): requests per second, p50 and p95 latency, queries per request (counted by the server),
and throughput as a share of the framework floor, a view that does nothing behind the same
middleware. Then, in this process, `rescreen` over the seeded clients and `screen()` alone
(bench/screen_bench.py).
"""

import argparse
import datetime
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/clinic_bench"
HOST, PORT = "127.0.0.1", 8100
USERNAME, PASSWORD = "frontdesk", "demo-clinic-2026"
CONNECTIONS, THREADS = 8, 2
# Targets on two cores: every page at least this share of the floor's throughput, p95 under this.
FLOOR_SHARE, P95_MS = 0.30, 150
FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Page:
    """A page to measure: its requests, one per line ("METHOD<tab>PATH<tab>BODY"), and their headers.

    The lines of a page that writes are split between the configurations, so none is sent twice.
    """

    name: str
    lines: list[str]
    headers: dict[str, str]
    writes: bool = False

    def lines_for(self, configuration: int, configurations: int) -> list[str]:
        """The lines one configuration sends (the last one counts the queries)."""
        return self.lines[configuration::configurations] if self.writes else self.lines


@dataclass(frozen=True)
class Result:
    """What wrk measured for one page, and the queries the server counted for one request."""

    requests_per_second: float
    p50_ms: float
    p95_ms: float
    failed: int
    queries: int
    app_cpu_ms: float  # per request, every worker of every server
    database_cpu_ms: float  # per request, every PostgreSQL process on this machine
    cpu_idle: float  # the machine's share of CPU time left idle


@dataclass(frozen=True)
class CpuSpent:
    """CPU seconds the app servers and PostgreSQL spent between two readings, and the machine's idle share."""

    app: float
    database: float
    idle: float


@dataclass(frozen=True)
class CpuReading:
    """The CPU seconds so far of the app servers and of PostgreSQL (each process with its ended
    children, `cpu_seconds`), and the machine's CPU times."""

    app: float
    database: float
    machine: tuple


class CpuMeter:
    """Reads the CPU time of the app servers (given by their pids, with their workers) and of the
    PostgreSQL processes, as the kernel counts it (user and system time)."""

    def __init__(self, server_pids: list[int]):
        self.servers = [psutil.Process(pid) for pid in server_pids]

    def read(self) -> CpuReading:
        """The app servers', PostgreSQL's and the machine's CPU time so far."""
        app = [process for server in self.servers for process in (server, *server.children(recursive=True))]
        database = [each for each in psutil.process_iter(["name"]) if each.info["name"] == "postgres"]
        return CpuReading(cpu_seconds(app), cpu_seconds(database), psutil.cpu_times())

    def since(self, before: CpuReading) -> CpuSpent:
        """What was spent since the reading `before`: a process started since counts from zero, and
        one that ended since (a PostgreSQL backend whose connection reached its `CONN_MAX_AGE`)
        in its parent's time."""
        after = self.read()
        machine = sum(after.machine) - sum(before.machine)
        return CpuSpent(
            app=after.app - before.app,
            database=after.database - before.database,
            idle=(after.machine.idle - before.machine.idle) / (machine or 1),
        )


def cpu_seconds(processes: list[psutil.Process]) -> float:
    """The user and system CPU seconds of the processes still running, with those of their children
    that have ended (the kernel adds an ended child's time to its parent's): compared between two
    readings, a process that ended in between still counts, through its parent."""
    seconds = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        seconds += times.user + times.system + times.children_user + times.children_system
    return seconds


def manage(*args: str) -> None:
    """Run a manage.py command with the benchmark's settings, its output shown."""
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], check=True, env=os.environ)


def database_prepare(url: str, clients: int) -> float | None:
    """Create, migrate and seed the database unless it was seeded before; how long seeding took."""
    import django
    import psycopg2

    parts = urllib.parse.urlparse(url)
    admin = psycopg2.connect(parts._replace(path="/postgres").geturl())
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [parts.path.lstrip("/")])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{parts.path.lstrip("/")}"')
    admin.close()
    manage("migrate", "--noinput", "--verbosity", "0")
    django.setup()
    from intake.models import Client
    from intake.synthetic import SEED_USERNAME

    if Client.objects.filter(created_by__username=SEED_USERNAME).exists():
        return None
    started = time.perf_counter()
    manage("seed_demo", "--clients", str(clients))
    seeded = time.perf_counter() - started
    # As a database in use would be: dead rows gone, visibility maps and trigram indexes up to date.
    admin = psycopg2.connect(url)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    admin.close()
    return seeded


def request(method: str, path: str, headers: dict | None = None, body: str = ""):
    """One HTTP request to the servers: (status, headers, body)."""
    connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
    connection.request(method, path, body=body.encode() or None, headers=headers or {})
    response = connection.getresponse()
    return response.status, response.headers, response.read().decode()


def cookies_of(headers) -> dict[str, str]:
    """The cookies a response sets."""
    pairs = (cookie.split(";", 1)[0].split("=", 1) for cookie in headers.get_all("Set-Cookie") or [])
    return {pair[0]: pair[1] for pair in pairs if len(pair) == 2}


def cookie_header(cookies: dict[str, str]) -> str:
    """A Cookie header sending the given cookies."""
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def form_token(page: str) -> str:
    """The CSRF token of the first form on a page."""
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def sign_in() -> dict[str, str]:
    """Sign in as the front desk through the sign-in page, as a browser does; the session's cookies."""
    _status, headers, page = request("GET", "/accounts/login/")
    cookies = cookies_of(headers)
    form = urllib.parse.urlencode(
        {"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": form_token(page)}
    )
    status, headers, _page = request(
        "POST", "/accounts/login/", {"Cookie": cookie_header(cookies), "Content-Type": FORM}, form
    )
    if status != 302:
        raise SystemExit(f"Signing in as {USERNAME} failed (HTTP {status}).")
    return {**cookies, **cookies_of(headers)}


def check_shared_sessions(cookies: dict[str, str], path: str) -> str:
    """Send the signed-in session to whichever server the kernel picks, 20 times; what happened."""
    answers = [request("GET", path, {"Cookie": cookie_header(cookies)}) for _ in range(20)]
    processes = {headers["X-Served-By"] for _status, headers, _body in answers}
    statuses = sorted({status for status, _headers, _body in answers})
    return f"signed in once; 20 requests answered by {len(processes)} worker process(es), HTTP {statuses}"


def workload(cookies: dict[str, str]) -> list[Page]:
    """The measured pages, with requests that vary as staff's do (clients, searches, days)."""
    from django.contrib.auth.models import User
    from django.db.models import Count
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from intake.models import Appointment, Client
    from intake.synthetic import SEED_USERNAME

    today = timezone.localdate()
    synthetic = Client.objects.filter(created_by__username=SEED_USERNAME, intakes__is_current=True)
    sample = list(
        synthetic.order_by("pk").values_list("pk", "first_name", "last_name", "date_of_birth", "phone")
    )
    sample = sample[:: max(1, len(sample) // 2000)]
    searches = [
        query
        for _pk, first, last, born, phone in sample
        for query in (last, f"{first} {last}", born.isoformat())
    ] + [phone[:9] for *_rest, phone in sample if phone]
    upcoming = Appointment.objects.filter(start__date__gt=today).values("start__date")
    days = [row["start__date"] for row in upcoming.annotate(n=Count("id")).order_by("-n")[:20]]
    signed_in = {"Cookie": cookie_header(cookies)}
    _status, _headers, page = request("GET", f"/clients/{sample[0][0]}/book/", signed_in)
    token = form_token(page)
    key = Token.objects.get_or_create(user=User.objects.get(username=USERNAME))[0].key
    api = {"Authorization": f"Token {key}"}
    treatments = ["microdermabrasion-face", "microdermabrasion-scalp"]
    screenings = [
        json.dumps({"client": pk, "treatment": treatments[n % 2], "date": days[n % len(days)].isoformat()})
        for n, (pk, *_rest) in enumerate(sample)
    ]
    return [
        Page("framework floor", ["GET\t/bench/floor/"], signed_in),
        Page("sign-in page", ["GET\t/accounts/login/"], {}),
        Page(
            "client search",
            [f"GET\t/clients/?{urllib.parse.urlencode({'q': q})}" for q in searches],
            signed_in,
        ),
        Page("client page", [f"GET\t/clients/{pk}/" for pk, *_rest in sample], signed_in),
        Page(
            "review queue",
            ["GET\t/review/", "GET\t/review/?level=caution", "GET\t/review/?page=2"],
            signed_in,
        ),
        Page("schedule, day", [f"GET\t/schedule/?date={day.isoformat()}" for day in days], signed_in),
        Page(
            "screening POST (API)",
            [f"POST\t/api/v1/screening/\t{body}" for body in screenings],
            {**api, "Content-Type": "application/json"},
        ),
        Page(
            "booking POST",
            booking_posts(token),
            {**signed_in, "Content-Type": FORM},
            writes=True,
        ),
    ]


def booking_posts(token: str) -> list[str]:
    """The booking POST's requests (`booking_lines`): the facial treatment, with the seeded
    practitioners, for the synthetic clients whose intake is at most 90 days old."""
    from django.db.models import Max
    from django.utils import timezone

    from intake.models import Appointment, Client, Practitioner, Treatment
    from intake.synthetic import SEED_USERNAME

    recent = timezone.localdate() - datetime.timedelta(days=90)
    seeded = Practitioner.objects.filter(user__username__startswith="practitioner-")
    return booking_lines(
        last=Appointment.objects.aggregate(last=Max("start"))["last"],
        practitioners=list(seeded.values_list("pk", flat=True)),
        clients=Client.objects.filter(created_by__username=SEED_USERNAME, intakes__is_current=True)
        .filter(intakes__intake_date__gte=recent)
        .distinct(),
        treatment=Treatment.objects.get(code="microdermabrasion-face").pk,
        token=token,
    )


def booking_lines(*, last: datetime.datetime, practitioners: list[int], clients, treatment: int, token: str):
    """Booking form posts, each in a free slot (after the last appointment) for a different client
    whose intake is recent: most book (pending review for a stale intake), some are refused."""
    day = last.date() + datetime.timedelta(days=7 - last.weekday())  # the Monday after
    slots = []
    while len(slots) < 8000:
        if day.weekday() < 5:
            slots += [(day, hour, practitioner) for hour in range(9, 17) for practitioner in practitioners]
        day += datetime.timedelta(days=1)
    ids = list(clients.order_by("pk").values_list("pk", flat=True)[: len(slots)])
    return [
        f"POST\t/clients/{client}/book/\t"
        + urllib.parse.urlencode(
            {
                "treatment": treatment,
                "practitioner": practitioner,
                "date": day.isoformat(),
                "time": f"{hour}:00",
                "book": "1",
                "csrfmiddlewaretoken": token,
            }
        )
        for client, (day, hour, practitioner) in zip(ids, slots, strict=False)
    ]


def measure(page: Page, lines: list[str], seconds: int, meter: CpuMeter) -> Result:
    """Drive the servers with wrk for `seconds` at 8 connections; the numbers, one request's queries
    and where the CPU went."""
    *sent, probe = lines if len(lines) > 1 else lines * 2
    method, path, body = (probe.split("\t") + [""])[:3]
    _status, headers, _body = request(method, path, page.headers, body)
    before = meter.read()
    with tempfile.NamedTemporaryFile("w", suffix=".tsv") as file:
        file.write("\n".join(sent))
        file.flush()
        command = ["wrk", "-t", str(THREADS), "-c", str(CONNECTIONS), "-d", f"{seconds}s", "--timeout", "10s"]
        command += [item for name, value in page.headers.items() for item in ("-H", f"{name}: {value}")]
        command += ["-s", str(ROOT / "bench" / "wrk.lua"), f"http://{HOST}:{PORT}", "--", str(THREADS)]
        output = subprocess.run(
            command, capture_output=True, text=True, check=True, env={**os.environ, "WRK_REQUESTS": file.name}
        ).stdout
    cpu = meter.since(before)
    numbers = json.loads(output.strip().splitlines()[-1])
    return Result(
        requests_per_second=numbers["requests"] / numbers["seconds"],
        p50_ms=numbers["p50_ms"],
        p95_ms=numbers["p95_ms"],
        failed=numbers["errors"] + numbers["bad_status"],
        queries=int(headers.get("X-Queries", -1)),
        app_cpu_ms=cpu.app * 1000 / numbers["requests"],
        database_cpu_ms=cpu.database * 1000 / numbers["requests"],
        cpu_idle=cpu.idle,
    )


@contextmanager
def servers(count: int, workers: int, log: Path):
    """`count` gunicorn servers of `workers` sync workers each, sharing the port; stopped on the way out."""
    command = [sys.executable, "-m", "gunicorn", "clinic.wsgi", "--bind", f"{HOST}:{PORT}", "--reuse-port"]
    command += ["--workers", str(workers), "--error-logfile", str(log)]
    processes = [subprocess.Popen(command, env=os.environ, cwd=ROOT) for _ in range(count)]
    try:
        for _ in range(100):
            try:
                if request("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        time.sleep(2)  # the second server is up too
        yield CpuMeter([process.pid for process in processes])
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait()


@contextmanager
def bookings_undone():
    """Delete, when the run ends, the appointments and refused attempts its booking POSTs added:
    kept, they would pile up run after run in the review queue, the schedule and the booked
    clients' histories, and no two runs would measure the same data."""
    from django.db.models import Max

    from intake.models import Appointment, BookingAttempt

    models = (Appointment, BookingAttempt)
    marks = [(model, model.objects.aggregate(last=Max("pk"))["last"] or 0) for model in models]
    try:
        yield
    finally:
        for model, last in marks:
            model.objects.filter(pk__gt=last).delete()


def rescreen_rate(seconds: int) -> str:
    """`rescreen`'s throughput: the service the command runs, over the seeded clients for `seconds`."""
    from intake.services.screening import rescreen_all

    done, started = 0, time.perf_counter()

    def limited(clients, total):
        """The clients, until `seconds` have passed since the first."""
        nonlocal done, started
        started = time.perf_counter()
        for client in clients:
            if time.perf_counter() - started > seconds:
                break
            done += 1
            yield client

    summary = rescreen_all(by=None, progress=limited)
    rate = done / (time.perf_counter() - started)
    return (
        f"rescreen: {done} of {summary.clients} clients in {seconds} s, {rate:.0f} clients/s "
        f"(all of them: about {summary.clients / rate / 60:.0f} min on one core)"
    )


def table(results: dict[str, Result], floor: float, servers_count: int, workers: int) -> list[str]:
    """The results of one configuration as a Markdown table."""
    lines = [
        f"{servers_count} gunicorn server(s), {workers} sync worker(s) each, {CONNECTIONS} connections:",
        "",
        "| page | req/s | p50 ms | p95 ms | queries/request | CPU ms/request: app, PostgreSQL "
        "| CPU idle | share of floor | targets |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, result in results.items():
        share = result.requests_per_second / floor
        met = share >= FLOOR_SHARE and result.p95_ms < P95_MS
        failed = f", {result.failed} failed" if result.failed else ""
        lines.append(
            f"| {name} | {result.requests_per_second:.0f} | {result.p50_ms:.0f} | {result.p95_ms:.0f} "
            f"| {result.queries} | {result.app_cpu_ms:.1f}, {result.database_cpu_ms:.1f} "
            f"| {result.cpu_idle:.0%} | {share:.2f} | {'met' if met else 'missed'}{failed} |"
        )
    return lines


def environment() -> str:
    """The machine, the database and the data set the numbers come from."""
    from django.db import connection

    from intake.models import Appointment, AuditEntry, Client, Flag, Intake

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    counts = ", ".join(
        f"{model.objects.count():,} {label}"
        for model, label in [
            (Client, "clients"),
            (Intake, "intake versions"),
            (Appointment, "appointments"),
            (Flag, "flags"),
            (AuditEntry, "audit entries"),
        ]
    )
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return f"{os.cpu_count()} cores (load {load}), PostgreSQL {version}; {counts}"


def measured(log: Path, seconds: int, workers: int) -> list[str]:
    """Every page with one server, then with two: a table for each, and how throughput grew."""
    report, cookies, plan, throughput = [], None, [], {}
    for configuration, count in enumerate((1, 2)):
        with servers(count, workers, log) as meter:
            if cookies is None:
                cookies = sign_in()
                plan = workload(cookies)
            else:
                # The session was made by a server that is gone: any server must take it.
                report.append(check_shared_sessions(cookies, "/review/"))
            results = {}
            for page in plan:
                results[page.name] = measure(page, page.lines_for(configuration, 2), seconds, meter)
                print(f"{count} server(s), {page.name}: {results[page.name]}", flush=True)
        throughput[count] = results
        report += ["", *table(results, results["framework floor"].requests_per_second, count, workers)]
    growth = [
        throughput[2][name].requests_per_second / throughput[1][name].requests_per_second
        for name in throughput[1]
    ]
    return [*report, "", f"two servers / one server, throughput: {min(growth):.2f}x to {max(growth):.2f}x"]


def main() -> None:
    """Prepare the database, measure every page in both configurations, then rescreen and screen()."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--clients", type=int, default=100_000, help="synthetic clients, seeded the first time"
    )
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument(
        "--workers", type=int, default=1, help="sync workers per server (docker-compose runs 3)"
    )
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("The benchmark drives the servers with wrk: apt-get install wrk")
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    os.environ["DJANGO_SETTINGS_MODULE"] = "clinic.settings.bench"
    seeded = database_prepare(os.environ["DATABASE_URL"], options.clients)
    report = [
        f"seed_demo --clients {options.clients}: {seeded:.0f} s" if seeded else "data set seeded before"
    ]
    report.append(environment())
    log = Path(tempfile.gettempdir()) / "clinic-bench-gunicorn.log"
    with bookings_undone():
        report += measured(log, options.seconds, options.workers)
        report += ["", rescreen_rate(options.seconds)]
    print("\n".join(report), flush=True)
    sys.path.insert(0, str(ROOT / "bench"))
    import screen_bench

    screen_bench.throughput(1.0)


if __name__ == "__main__":
    main()
