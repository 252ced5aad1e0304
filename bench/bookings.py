"""The booking POST in this process: the benchmark's own booking posts (`run.booking_posts`, each a
different client in a free slot), sent one after another inside a transaction that is rolled back
at the end, so the data is left as it was. Prints the median and fastest time a post, and how many
booked (a redirect) or were refused or held back (the form shown again).

    .venv/bin/python bench/bookings.py [--posts 200]

The same post twice finds its slot taken, so a page's count or timing of one post does not do;
`instructions.py --bookings` counts these posts' instructions, which compare two checkouts exactly
where their timings here differ by a few percent from run to run. Signed in as the front desk on
the benchmark's database (see profile_page.py).
"""

import argparse
import statistics
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial

from profile_page import signed_in_browser
from run import booking_posts

WARM_UP = 5


class RolledBack(Exception):
    """Ends the transaction the posts ran in, undoing them."""


@contextmanager
def rolled_back_posts(count: int) -> Iterator[list[Callable]]:
    """The benchmark's first `count` booking posts, each a function that sends it (signed in as the
    front desk) and returns the response, sent inside a transaction rolled back when the block ends."""
    browser, _account = signed_in_browser()
    from django.db import transaction

    posts = [line.split("\t")[1:] for line in booking_posts(token="")[:count]]
    sends = [partial(browser.post, path, dict(urllib.parse.parse_qsl(body))) for path, body in posts]
    try:
        with transaction.atomic():
            yield sends
            raise RolledBack
    except RolledBack:
        pass


def main() -> None:
    """Send the posts and print the numbers."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=200)
    options = parser.parse_args()
    seconds, statuses = [], []
    with rolled_back_posts(WARM_UP + options.posts) as sends:
        for number, send in enumerate(sends):
            started = time.perf_counter()
            response = send()
            if number >= WARM_UP:
                seconds.append(time.perf_counter() - started)
                statuses.append(response.status_code)
    print(
        f"{len(seconds)} booking POSTs: median {statistics.median(seconds) * 1000:.1f} ms, "
        f"fastest {min(seconds) * 1000:.1f} ms; {statuses.count(302)} booked, "
        f"{statuses.count(200)} shown the form again"
    )


if __name__ == "__main__":
    main()
