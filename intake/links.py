"""Links for long pages and for the menu every page draws. `reverse` walks the URL patterns on every
call (about 20 µs), which adds up over the hundreds of links of a busy schedule; `pk_link` reverses
once and fills in each key, and `page_url` reverses a page without arguments once per process."""

from collections.abc import Callable
from functools import cache

from django.urls import get_script_prefix, reverse

# A key no page will show, so it can be found in the reversed URL and replaced.
PLACEHOLDER = 2_147_483_647


def pk_link(name: str, *after: str) -> Callable[[int], str]:
    """What `reverse(name, args=[pk, *after])` gives for any `pk`, for a URL pattern whose first
    argument is an `<int:pk>`, from a single `reverse`."""
    head, tail = reverse(name, args=[PLACEHOLDER, *after]).split(str(PLACEHOLDER))
    return lambda pk: f"{head}{int(pk)}{tail}"


def page_url(name: str) -> str:
    """`reverse(name)` for a URL pattern without arguments, reversed once per script prefix."""
    return _reversed(name, get_script_prefix())


@cache
def _reversed(name: str, script_prefix: str) -> str:
    return reverse(name)
