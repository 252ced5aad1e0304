"""The date picker of the app's forms (drawn, as every plain input, by `renderer.QuickRenderer`)."""

from django import forms


class DayInput(forms.DateInput):
    """A date picker (`<input type="date">`) holding its value as the ISO date browsers expect."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")
