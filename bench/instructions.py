"""How many instructions the app runs for one request of a page, counted by valgrind's callgrind:
the same count on every run however busy the machine is, so two versions of the code compare
exactly where timings on a shared machine differ by 10-30% from run to run.

    .venv/bin/python bench/instructions.py /review/ "/schedule/?date=2027-01-11" [--requests 10]
    .venv/bin/python bench/instructions.py /api/v1/screening/ --post '{"client": 30, ...}' --json
    .venv/bin/python bench/instructions.py --bookings

`--bookings` counts the benchmark's booking POSTs (`run.booking_posts`, each a different client in a
free slot, as `bookings.py` sends them), inside a transaction rolled back at the end.

Each page is requested in a process of its own under callgrind (apt-get install valgrind), signed in
as the front desk on the benchmark's database (see profile_page.py): twice to warm up, then
`--requests` times. A second process stops after warming up; the difference, over `--requests`, is
one request. Only the app's instructions count: PostgreSQL works in processes of its own. Under
callgrind a request takes about fifty times as long as it does natively.
"""

import argparse
import gc
import re
import shutil
import subprocess
import sys

from bookings import rolled_back_posts
from profile_page import signed_in_fetch

WARM_UP = 2


def collected(path: str, requests: int, options: argparse.Namespace) -> int:
    """The instructions of a process that warms up on `path` and then requests it `requests` times."""
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__]
    command += [path, "--child", str(requests), "--user", options.user]
    if options.bookings:
        command.append("--bookings")
    if options.post is not None:
        command += ["--post", options.post]
    if options.json:
        command.append("--json")
    output = subprocess.run(command, capture_output=True, text=True, check=True).stderr
    return int(re.search(r"Collected : (\d+)", output).group(1))


def child(path: str, requests: int, options: argparse.Namespace) -> None:
    """Warm up on the page, then request it `requests` times (under callgrind)."""
    if options.bookings:
        booking_child(requests)
        return
    fetch = signed_in_fetch(path, post=options.post, json=options.json, user=options.user)
    from django.core.cache import cache

    # Emptied first, the shared cache is filled by the warm-up in both processes and nothing in it
    # (the review queue's counts, kept a minute) expires and is computed again during the count.
    cache.clear()
    for _ in range(WARM_UP):
        fetch()
    # A full collection walks every object the process holds: tens of millions of instructions,
    # landing in one version's count and not the other's as their allocations differ. Collected and
    # frozen after the warm-up, the process's objects are left out of later collections.
    gc.collect()
    gc.freeze()
    for _ in range(requests):
        fetch()


def booking_child(requests: int) -> None:
    """Send the benchmark's first booking POSTs, `requests` of them after the warm-up, inside a
    transaction rolled back at the end (under callgrind)."""
    with rolled_back_posts(WARM_UP + requests) as sends:
        for number, send in enumerate(sends):
            if number == WARM_UP:
                gc.collect()
                gc.freeze()
            send()


def main() -> None:
    """Print each page's instructions a request."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--bookings", action="store_true", help="count the benchmark's booking POSTs")
    parser.add_argument("--requests", type=int, default=10, help="requests counted, after the warm-up")
    parser.add_argument("--post", help="send this body with POST instead of a GET")
    parser.add_argument("--json", action="store_true", help="the body is JSON, sent with the API token")
    parser.add_argument("--user", default="frontdesk")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child is not None:
        child(options.paths[0], options.child, options)
        return
    if shutil.which("valgrind") is None:
        raise SystemExit("Counting instructions needs valgrind: apt-get install valgrind")
    paths = options.paths or (["booking POST"] if options.bookings else [])
    if not paths:
        parser.error("name a page, or --bookings")
    for path in paths:
        one = (collected(path, options.requests, options) - collected(path, 0, options)) / options.requests
        print(f"{path}: {one / 1e6:.1f} million instructions a request", flush=True)


if __name__ == "__main__":
    main()
