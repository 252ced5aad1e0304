"""Booking forms: book a treatment, override a refusal, acknowledge, move, check in."""

import datetime

from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Intensity, Method, OverrideReason, Practitioner, Treatment
from .choices import BY_NAME, PRACTITIONER_NAMES, ShortListChoiceField, ShortListsForm
from .helpers import FieldsHelper
from .widgets import DayInput

TIME_INPUT = forms.TimeInput(attrs={"type": "time", "step": 900}, format="%H:%M")


def aware(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """A date and time of day in the clinic's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, time))


class BookingForm(ShortListsForm):
    """Pick a treatment, how it is given, who gives it and when."""

    treatment = ShortListChoiceField(
        queryset=Treatment.objects.filter(active=True).select_related("site"),
        label=_("Treatment"),
        labels=BY_NAME,
    )
    method = ShortListChoiceField(
        queryset=Method.objects.filter(active=True), label=_("Method"), labels=BY_NAME, required=False
    )
    intensity = ShortListChoiceField(
        queryset=Intensity.objects.filter(active=True), label=_("Intensity"), labels=BY_NAME, required=False
    )
    practitioner = ShortListChoiceField(
        queryset=Practitioner.objects.filter(active=True).select_related("user"),
        label=_("Practitioner"),
        labels=PRACTITIONER_NAMES,
    )
    date = forms.DateField(label=_("Date"), widget=DayInput)
    time = forms.TimeField(label=_("Time"), widget=TIME_INPUT)
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    override_reason = ShortListChoiceField(
        queryset=OverrideReason.objects.filter(active=True),
        label=_("Override reason"),
        labels=(("text",), str),
        required=False,
        help_text=_("Only to book despite a contraindication."),
    )
    override_text = forms.CharField(
        label=_("Or write the reason"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FieldsHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column("treatment", css_class="col-md-6"),
                Column("method", css_class="col-md-3"),
                Column("intensity", css_class="col-md-3"),
            ),
            Row(
                Column("practitioner", css_class="col-md-6"),
                Column("date", css_class="col-md-3"),
                Column("time", css_class="col-md-3"),
            ),
            "notes",
        )
        self.override_helper = FieldsHelper()
        self.override_helper.form_tag = False
        self.override_helper.layout = Layout("override_reason", "override_text")

    @property
    def start(self) -> datetime.datetime | None:
        """The requested start, once the form is valid."""
        return aware(self.cleaned_data["date"], self.cleaned_data["time"])

    @property
    def reason(self) -> str:
        """The override reason written or picked, written text first."""
        return self.cleaned_data.get("override_text") or str(self.cleaned_data.get("override_reason") or "")


class AcknowledgeForm(forms.Form):
    """A practitioner's note when acknowledging a caution."""

    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class MoveForm(forms.Form):
    """A new date and time for an appointment."""

    date = forms.DateField(label=_("New date"), widget=DayInput)
    time = forms.TimeField(label=_("New time"), widget=TIME_INPUT)

    @property
    def start(self) -> datetime.datetime:
        return aware(self.cleaned_data["date"], self.cleaned_data["time"])


class CheckInForm(forms.Form):
    """On the day: the practitioner confirms nothing changed since the last intake."""

    no_change = forms.BooleanField(
        label=_("I asked the client: nothing has changed since the last intake"), required=True
    )


class CancelForm(forms.Form):
    """Why an appointment is cancelled."""

    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)
