"""`format_html` and `format_html_join` for pages that draw many rows in Python (the schedule, the
review queue, drop-downs): the same escaping as Django's (`conditional_escape`), without the check
for lazy strings that Django's `escape` makes on every call, about a quarter of the time a row took
to draw. A lazy string is still escaped: it is turned into text first."""

from html import escape

from django.utils.safestring import SafeString, mark_safe


def escaped(value) -> str:
    """A value as HTML: its own `__html__` if it has one, else its text escaped (`conditional_escape`)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def format_html(template: str, *args, **kwargs) -> SafeString:
    """`django.utils.html.format_html`: `template` filled with the values escaped."""
    return mark_safe(
        template.format(*map(escaped, args), **{name: escaped(value) for name, value in kwargs.items()})
    )


def format_html_join(separator: str, template: str, rows) -> SafeString:
    """`django.utils.html.format_html_join`: each row's values filled into `template`, escaped, joined."""
    return mark_safe(separator.join(template.format(*map(escaped, row)) for row in rows))
