"""Widgets drawn in Python. Django's form renderer draws an `<input>` with two templates (the input's
and its attributes'): the review queue's two date filters took about 0.3 ms each that way."""

from django import forms
from django.utils.safestring import SafeString

from ..markup import escaped, format_html

INPUT = '<input type="{}" name="{}"{}{}>'


class DayInput(forms.DateInput):
    """A date picker (`<input type="date">`) holding its value as the ISO date browsers expect, drawn
    as Django's `input.html` draws it."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")

    def _render(self, template_name, context, renderer=None):
        widget = context["widget"]
        value = "" if widget["value"] is None else format_html(' value="{}"', widget["value"])
        return format_html(INPUT, widget["type"], widget["name"], value, attributes(widget["attrs"]))


def attributes(attrs: dict) -> SafeString:
    """The attributes as Django's `attrs.html` writes them, in order: a True one by its name alone, a
    False one left out."""
    return SafeString("".join(
        f" {escaped(name)}" if value is True else f' {escaped(name)}="{escaped(value)}"'
        for name, value in attrs.items()
        if value is not False
    ))
