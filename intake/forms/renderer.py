"""The form renderer: Django's, with the plain widgets drawn in Python.

Django draws every `<input>` and `<textarea>` with two templates (the widget's and its
attributes'), some 0.1–0.3 ms a widget: the intake form has about sixty, with the hidden inputs of
its repeating entries' formsets. `QuickRenderer` writes the markup those templates write for the
widget templates in `DRAWN` and leaves every other template (drop-downs with groups, radio
buttons, the forms' and the errors' own templates) to Django.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.safestring import SafeString

from ..markup import escaped

WIDGETS = "django/forms/widgets/"
# The widget templates that only include `input.html`.
INPUTS = ("input", "text", "number", "email", "url", "password", "hidden", "date", "datetime", "time",
          "checkbox", "search", "tel", "color", "file")


def attributes(attrs: dict) -> SafeString:
    """The attributes as Django's `attrs.html` writes them, in order: a True one by its name alone, a
    False one left out."""
    return SafeString("".join(
        f" {escaped(name)}" if value is True else f' {escaped(name)}="{escaped(value)}"'
        for name, value in attrs.items()
        if value is not False
    ))


def drawn_input(widget: dict) -> str:
    """`input.html`: the value written as text when there is one."""
    value = "" if widget["value"] is None else f' value="{escaped(widget["value"])}"'
    kind, name = escaped(widget["type"]), escaped(widget["name"])
    return f'<input type="{kind}" name="{name}"{value}{attributes(widget["attrs"])}>'


def drawn_textarea(widget: dict) -> str:
    """`textarea.html`: the value on the line after the tag, when it is not empty."""
    value = escaped(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{escaped(widget["name"])}"{attributes(widget["attrs"])}>\n{value}</textarea>'


DRAWN = {f"{WIDGETS}{name}.html": drawn_input for name in INPUTS}
DRAWN[f"{WIDGETS}textarea.html"] = drawn_textarea


class QuickRenderer(DjangoTemplates):
    """Django's template renderer, drawing the widget templates of `DRAWN` in Python."""

    def render(self, template_name, context, request=None):
        draw = DRAWN.get(template_name)
        if draw is None:
            return super().render(template_name, context, request)
        return draw(context["widget"])
