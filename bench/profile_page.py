"""Where one page's time goes: request it in this process, signed in as the front desk, against the
benchmark's database, and print its queries and the functions that took the most time (cProfile).

    .venv/bin/python bench/profile_page.py /schedule/?date=2027-01-11 [--repeat 20] [--top 25]
    .venv/bin/python bench/profile_page.py /api/v1/screening/ --post '{"client": 5, ...}' --json

The first request is not profiled (it fills the per-process caches, as a running server has them).
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/clinic_bench"


def signed_in_browser(user: str = "frontdesk"):
    """Set Django up on the benchmark's database; a test client signed in as `user`, and the user."""
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    os.environ["DJANGO_SETTINGS_MODULE"] = "clinic.settings.bench"
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.test import Client

    account = User.objects.get(username=user)
    browser = Client(raise_request_exception=True, SERVER_NAME="127.0.0.1")
    browser.force_login(account)
    return browser, account


def signed_in_fetch(path: str, *, post: str | None = None, json: bool = False, user: str = "frontdesk"):
    """Sign `user` in (`signed_in_browser`); a function that requests `path` (a POST of `post` when
    given, JSON with the user's API token when `json`) and returns the response."""
    browser, account = signed_in_browser(user)
    from rest_framework.authtoken.models import Token

    headers = {}
    if json:
        headers["HTTP_AUTHORIZATION"] = f"Token {Token.objects.get_or_create(user=account)[0].key}"

    def fetch():
        """One request; its response."""
        if post is None:
            return browser.get(path, **headers)
        kind = "application/json" if json else "application/x-www-form-urlencoded"
        return browser.post(path, post, content_type=kind, **headers)

    return fetch


def main() -> None:
    """Request the page once to warm up, `--repeat` times timed, as many profiled; print the numbers."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path")
    parser.add_argument("--post", help="send this body with POST instead of a GET")
    parser.add_argument("--json", action="store_true", help="the body is JSON, sent with the API token")
    parser.add_argument("--user", default="frontdesk")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="cumulative", help="a pstats sort key: cumulative, tottime")
    parser.add_argument("--save", help="also write the profile to this file (for pstats or snakeviz)")
    options = parser.parse_args()
    fetch = signed_in_fetch(options.path, post=options.post, json=options.json, user=options.user)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = fetch()
    print(f"HTTP {response.status_code}, {len(response.content):,} bytes, {len(queries)} queries")
    for query in queries.captured_queries:
        print(f"  {query['time']}s  {query['sql'][:160]}")
    started = time.perf_counter()
    for _ in range(options.repeat):
        fetch()
    print(f"{(time.perf_counter() - started) / options.repeat * 1000:.1f} ms a request")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(options.repeat):
        fetch()
    profiler.disable()
    if options.save:
        profiler.dump_stats(options.save)
    pstats.Stats(profiler).sort_stats(options.sort).print_stats(options.top)


if __name__ == "__main__":
    main()
