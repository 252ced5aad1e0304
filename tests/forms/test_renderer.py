"""Plain inputs and text areas drawn in Python: the same markup as Django's widget templates, the
date picker's value as browsers expect it, and what the user typed kept when it is not valid."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from intake.forms.renderer import QuickRenderer
from intake.forms.widgets import DayInput

WIDGETS = [
    forms.TextInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.URLInput,
    lambda attrs: forms.PasswordInput(attrs, render_value=True),
    forms.HiddenInput,
    forms.DateInput,
    DayInput,
    forms.TimeInput,
    forms.CheckboxInput,
    forms.Textarea,
    forms.FileInput,
    forms.SearchInput,
    forms.TelInput,
    forms.ColorInput,
]
VALUES = [None, "", 0, 3, "Amira", '"><script>alert(1)</script>', mark_safe("<b>kept</b>"),
          datetime.date(2026, 12, 1), datetime.time(9, 15), True, False, "31/02/2026"]
ATTRS = [
    None,
    {"class": "form-control form-control-sm"},
    {"required": True, "disabled": False, "id": "id_day", "data-note": 'a & "b"', "rows": 2},
]


@pytest.mark.parametrize("make", WIDGETS)
@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("attrs", ATTRS)
def test_a_plain_widget_is_drawn_as_djangos_templates_draw_it(make, value, attrs):
    widget = make(attrs)
    drawn = widget.render("answer", value, {"aria-label": "Answer"}, renderer=QuickRenderer())
    assert drawn == widget.render("answer", value, {"aria-label": "Answer"}, renderer=DjangoTemplates())


CHOICES = [("", "—"), ("a", "A & B"), (3, 1234), ("<x>", mark_safe("<b>bold</b>"))]
GROUPED = [("Face", [("face", "Face & neck"), ("lips", "Lips")]), ("scalp", "Scalp")]


@pytest.mark.parametrize(
    "widget",
    [
        forms.Select(choices=CHOICES),
        forms.Select(choices=GROUPED, attrs={"class": "form-select", "required": True}),
        forms.SelectMultiple(choices=CHOICES),
        forms.Select(choices=[(1, 1000.5), (2, "Two")]),
    ],
)
@pytest.mark.parametrize("value", [None, "", "a", 3, "<x>", ["a", "3"], "lips", True, "unknown"])
def test_a_drop_down_is_drawn_as_djangos_templates_draw_it(widget, value, settings):
    settings.USE_THOUSAND_SEPARATOR = True
    drawn = widget.render("pick", value, {"id": "id_pick"}, renderer=QuickRenderer())
    assert drawn == widget.render("pick", value, {"id": "id_pick"}, renderer=DjangoTemplates())


def test_other_templates_are_left_to_django():
    widget = forms.RadioSelect(choices=[("a", "A & B")])
    assert widget.render("pick", "a", renderer=QuickRenderer()) == widget.render(
        "pick", "a", renderer=DjangoTemplates()
    )


def test_a_date_is_written_as_the_browser_expects():
    html = DayInput().render("day", datetime.date(2026, 1, 5))
    assert html == '<input type="date" name="day" value="2026-01-05">'


def test_what_the_user_typed_is_kept_when_the_form_is_shown_again():
    class Form(forms.Form):
        day = forms.DateField(widget=DayInput)
        notes = forms.CharField(widget=forms.Textarea, max_length=5)

    form = Form({"day": "31/02/2026", "notes": "<too long>"})
    assert not form.is_valid()
    assert 'value="31/02/2026"' in str(form["day"])
    assert ">\n&lt;too long&gt;</textarea>" in str(form["notes"])
