"""Links for long pages. `reverse` walks the URL patterns on every call (about 20 µs), which adds up
over the hundreds of links of a busy schedule; `pk_link` reverses once and fills in each key."""

from collections.abc import Callable

from django.urls import reverse

# A key no page will show, so it can be found in the reversed URL and replaced.
PLACEHOLDER = 2_147_483_647


def pk_link(name: str, *after: str) -> Callable[[int], str]:
    """What `reverse(name, args=[pk, *after])` gives for any `pk`, for a URL pattern whose first
    argument is an `<int:pk>`, from a single `reverse`."""
    head, tail = reverse(name, args=[PLACEHOLDER, *after]).split(str(PLACEHOLDER))
    return lambda pk: f"{head}{int(pk)}{tail}"
