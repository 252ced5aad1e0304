"""Review forms: narrow the review queue, record a clearance, pick two intake versions to compare."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ..models import Clearance, Practitioner, Treatment
from ..models.review import LETTER_EXTENSIONS
from ..rules.findings import Level
from ..selectors_review import QUEUE_LEVELS, QueueFilters, QueueStatus
from .choices import BY_NAME, PRACTITIONER_NAMES, QuickSelect, ShortListChoiceField, ShortListsForm
from .helpers import FieldsHelper
from .widgets import DayInput

SMALL_SELECT = {"class": "form-select form-select-sm"}
SMALL_INPUT = {"class": "form-control form-control-sm"}


class QueueFilterForm(ShortListsForm):
    """The review queue's filters; a field left empty (or invalid) does not narrow the queue."""

    level = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=[("", _("Any"))] + [(slug, capfirst(Level.from_slug(slug).label)) for slug in QUEUE_LEVELS],
        widget=QuickSelect(attrs=SMALL_SELECT),
    )
    treatment = ShortListChoiceField(
        label=_("Treatment"),
        required=False,
        empty_label=_("Any"),
        queryset=Treatment.objects.filter(active=True, consultation_for__isnull=True),
        labels=BY_NAME,
        widget=QuickSelect(attrs=SMALL_SELECT),
    )
    practitioner = ShortListChoiceField(
        label=_("Practitioner"),
        required=False,
        empty_label=_("Any"),
        queryset=Practitioner.objects.filter(active=True).select_related("user"),
        labels=PRACTITIONER_NAMES,
        widget=QuickSelect(attrs=SMALL_SELECT),
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=DayInput(SMALL_INPUT)
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=DayInput(SMALL_INPUT)
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any"))] + QueueStatus.choices,
        widget=QuickSelect(attrs=SMALL_SELECT),
    )

    def filters(self) -> QueueFilters:
        """The valid filters given (validate the form first)."""
        data = {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}
        return QueueFilters(**data)


class ClearanceForm(forms.Form):
    """A dermatologist's clearance: its date, the letter if there is one, and a note."""

    date = forms.DateField(label=_("Date of the clearance"), widget=DayInput)
    letter = forms.FileField(
        label=_("Letter"),
        required=False,
        help_text=Clearance._meta.get_field("letter").help_text,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{ext}" for ext in LETTER_EXTENSIONS)}),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FieldsHelper()
        self.helper.form_tag = False


class VersionDiffForm(forms.Form):
    """Two intake versions of a client to compare."""

    old = forms.TypedChoiceField(
        label=_("Compare version"), coerce=int, widget=QuickSelect(attrs=SMALL_SELECT)
    )
    new = forms.TypedChoiceField(label=_("with version"), coerce=int, widget=QuickSelect(attrs=SMALL_SELECT))

    def __init__(self, *args, versions: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("old", "new"):
            self.fields[name].choices = [(version, f"v{version}") for version in versions]
