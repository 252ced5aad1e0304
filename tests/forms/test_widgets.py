"""The date picker drawn in Python: the same `<input>` as Django's template draws, the value the
user typed kept when it is not a date."""

import datetime

import pytest
from django import forms

from intake.forms.widgets import DayInput


def django_date_input(attrs: dict | None = None) -> forms.DateInput:
    return forms.DateInput({"type": "date", **(attrs or {})}, format="%Y-%m-%d")


@pytest.mark.parametrize(
    "value", [None, "", datetime.date(2026, 12, 1), "31/02/2026", '"><script>alert(1)</script>']
)
@pytest.mark.parametrize(
    "attrs",
    [
        None,
        {"class": "form-control form-control-sm"},
        {"required": True, "disabled": False, "id": "id_day", "data-note": "a & b"},
    ],
)
def test_a_day_input_is_drawn_as_djangos_date_input(value, attrs):
    drawn = DayInput(attrs).render("day", value, {"aria-label": "Day"})
    assert drawn == django_date_input(attrs).render("day", value, {"aria-label": "Day"})


def test_a_date_is_written_as_the_browser_expects():
    html = DayInput().render("day", datetime.date(2026, 1, 5))
    assert html == '<input type="date" name="day" value="2026-01-05">'


def test_what_the_user_typed_is_kept_when_the_form_is_shown_again():
    class Form(forms.Form):
        day = forms.DateField(widget=DayInput)

    form = Form({"day": "31/02/2026"})
    assert not form.is_valid()
    assert 'value="31/02/2026"' in str(form["day"])
