"""The form renderer: Django's, with the plain widgets drawn in Python.

Django draws every `<input>` and `<textarea>` with two templates (the widget's and its
attributes'), and a `<select>` with two more for each option, some 0.1–0.3 ms a widget: the intake
form has about sixty, with the hidden inputs of its repeating entries' formsets. `QuickRenderer`
writes the markup those templates write for the widget templates in `DRAWN` (inputs, text areas,
drop-downs) and leaves every other template (radio buttons, tick-box lists, the forms' and the
errors' own templates) to Django.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
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


def drawn_select(widget: dict) -> str | None:
    """`select.html` and its options' `select_option.html` (None where an option has a template of
    its own)."""
    groups = []
    for group_name, options, _index in widget["optgroups"]:
        if any(option["template_name"] != OPTION for option in options):
            return None
        rows = [(option["value"], option["attrs"], option["label"]) for option in options]
        groups.append((group_name, rows))
    return select_markup(widget["name"], widget["attrs"], groups)


def select_markup(name: str, attrs: dict, groups) -> str:
    """A `<select>` as `select.html` writes it, from groups of `(value, attrs, label)` options:
    each option on a line of its own, a named group's in an `<optgroup>`."""
    parts = [f'<select name="{escaped(name)}"{attributes(attrs)}>']
    for group_name, options in groups:
        if group_name:
            parts.append(f'\n  <optgroup label="{shown(group_name)}">')
        parts.extend(
            f'\n  <option value="{escaped(value)}"{attributes(option_attrs)}>{shown(label)}</option>\n'
            for value, option_attrs, label in options
        )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def shown(value) -> str:
    """A value as a template's `{{ value }}` writes it: localized, then escaped."""
    return escaped(localize(value))


OPTION = f"{WIDGETS}select_option.html"
DRAWN = {f"{WIDGETS}{name}.html": drawn_input for name in INPUTS}
DRAWN[f"{WIDGETS}textarea.html"] = drawn_textarea
DRAWN[f"{WIDGETS}select.html"] = drawn_select


class QuickRenderer(DjangoTemplates):
    """Django's template renderer, drawing the widget templates of `DRAWN` in Python."""

    def render(self, template_name, context, request=None):
        draw = DRAWN.get(template_name)
        drawn = draw and draw(context["widget"])
        return super().render(template_name, context, request) if drawn is None else drawn
