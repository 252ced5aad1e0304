"""Links for long pages and for the menu every page draws. `reverse` walks the URL patterns on every
call (about 20-50 µs), which adds up over the hundreds of links of a busy schedule and the dozen a
page of the review queue builds; `pk_link` and `keys_link` reverse a pattern once per process and
script prefix and fill in each key, and `page_url` does so for a page without arguments."""

from collections.abc import Callable
from functools import cache

from django.urls import get_script_prefix, reverse

# Keys no page will show, so they can be found in the reversed URL and replaced.
PLACEHOLDER = 2_147_483_647


def pk_link(name: str, *after: str) -> Callable[[int], str]:
    """What `reverse(name, args=[pk, *after])` gives for any `pk`, for a URL pattern whose first
    argument is an `<int:pk>`."""
    pattern = _pattern(name, 1, after, get_script_prefix())
    return lambda pk: pattern.format(int(pk))


def keys_link(name: str, count: int) -> Callable[..., str]:
    """What `reverse(name, args=keys)` gives for any `count` integer keys (a client's and a version's)."""
    pattern = _pattern(name, count, (), get_script_prefix())
    return lambda *keys: pattern.format(*map(int, keys))


def page_url(name: str) -> str:
    """`reverse(name)` for a URL pattern without arguments, reversed once per script prefix."""
    return _reversed(name, get_script_prefix())


@cache
def _pattern(name: str, count: int, after: tuple[str, ...], script_prefix: str) -> str:
    """The URL of `name` for `count` keys followed by the arguments `after`, its keys as the fields of
    a format string."""
    keys = [str(PLACEHOLDER - position) for position in range(count)]
    pattern = reverse(name, args=[*keys, *after]).replace("{", "{{").replace("}", "}}")
    for position, key in enumerate(keys):
        pattern = pattern.replace(key, f"{{{position}}}")
    return pattern


@cache
def _reversed(name: str, script_prefix: str) -> str:
    return reverse(name)
