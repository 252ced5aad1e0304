"""The structured intake form: main answers plus formsets for the repeating entries.

The forms speak the intake document: `intake_document()` turns valid forms into the document the
intake service stores, and `initial_from_document()` prefills the forms from the current version.
"""

import datetime

from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import BodySite, Condition, ConditionStatus, Intake, Medication, Procedure, Treatment
from ..models.intake import IntakePriorTreatment
from .choices import BY_NAME, ShortListChoiceField, ShortListMultipleChoiceField
from .helpers import FieldsHelper, InlineTickBoxes
from .widgets import DayInput

# A blank first choice, so an untouched extra row of a formset counts as empty.
BLANK = [("", "—")]


def site_choices_field(label: str) -> ShortListMultipleChoiceField:
    """A set of tick boxes, one per active body site, valued by site code."""
    return ShortListMultipleChoiceField(
        queryset=BodySite.objects.filter(active=True),
        to_field_name="code",
        required=False,
        label=label,
        widget=forms.CheckboxSelectMultiple,
    )


def catalogue_field(model, label: str) -> ShortListChoiceField:
    """A drop-down of a catalogue's active entries, valued by code, its options a compiled read."""
    return ShortListChoiceField(
        queryset=model.objects.filter(active=True), to_field_name="code", label=label, labels=BY_NAME
    )


def entry_helper(*rows) -> FieldsHelper:
    """A crispy helper for one row of a formset, laid out in columns, without its own form tag."""
    helper = FieldsHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    fields = [(InlineTickBoxes(name) if name == "sites" else name, css) for name, css in rows]
    helper.layout = Layout(Row(*[Column(field, css_class=css) for field, css in fields]))
    return helper


class IntakeForm(forms.Form):
    """The single-answer part of an intake: skin, scalp, yes/no questions and consent."""

    intake_date = forms.DateField(label=_("Intake date"), widget=DayInput)
    fitzpatrick = forms.TypedChoiceField(
        label=_("Fitzpatrick skin type"),
        choices=BLANK + Intake.FITZPATRICK_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    skin_type = forms.ChoiceField(
        label=_("Skin type"), choices=BLANK + Intake.SkinType.choices, required=False
    )
    sensitive = forms.BooleanField(label=_("Client reports sensitive skin"), required=False)
    concerns = forms.CharField(
        label=_("Skin concerns"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    goals = forms.CharField(
        label=_("Goals"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    scalp_type = forms.ChoiceField(
        label=_("Scalp type"), choices=BLANK + Intake.ScalpType.choices, required=False
    )
    dandruff = forms.BooleanField(label=_("Dandruff"), required=False)
    itch = forms.BooleanField(label=_("Itchy scalp"), required=False)
    oiliness = forms.BooleanField(label=_("Oily scalp"), required=False)
    hair_loss = forms.BooleanField(label=_("Hair loss"), required=False)
    pregnant = forms.BooleanField(label=_("Pregnant"), required=False)
    breastfeeding = forms.BooleanField(label=_("Breastfeeding"), required=False)
    aluminium_allergy = forms.BooleanField(label=_("Allergic to aluminium"), required=False)
    keloid_scarring = forms.BooleanField(label=_("Keloid scarring"), required=False)
    sunburn_sites = site_choices_field(_("Sunburnt now at"))
    broken_skin_sites = site_choices_field(_("Open wounds or broken skin at"))
    dermatologist_clearance_date = forms.DateField(
        label=_("Dermatologist clearance on file, dated"), required=False, widget=DayInput
    )
    guardian_consent = forms.BooleanField(label=_("Guardian consents (clients under 18)"), required=False)
    guardian_name = forms.CharField(label=_("Guardian's name"), required=False, max_length=200)
    consent_given = forms.BooleanField(
        label=_(
            "The client understands the risks (temporary redness, sensitivity, mild discomfort) and consents"
        ),
        required=False,
    )
    consent_name = forms.CharField(label=_("Consent signed by (full name)"), required=False, max_length=200)
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FieldsHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("intake_date", css_class="col-md-4")),
            "based_on",
            Fieldset(
                _("Skin"),
                Row(
                    Column("fitzpatrick", css_class="col-md-4"),
                    Column("skin_type", css_class="col-md-4"),
                    Column("sensitive", css_class="col-md-4 pt-md-4"),
                ),
                Row(Column("concerns", css_class="col-md-6"), Column("goals", css_class="col-md-6")),
            ),
            Fieldset(
                _("Scalp"),
                Row(
                    Column("scalp_type", css_class="col-md-4"),
                    Column("dandruff", "itch", css_class="col-md-4 pt-md-4"),
                    Column("oiliness", "hair_loss", css_class="col-md-4 pt-md-4"),
                ),
            ),
            Fieldset(
                _("Today"),
                Row(
                    Column("pregnant", "breastfeeding", css_class="col-md-6"),
                    Column("aluminium_allergy", "keloid_scarring", css_class="col-md-6"),
                ),
                InlineTickBoxes("sunburn_sites"),
                InlineTickBoxes("broken_skin_sites"),
                Row(Column("dermatologist_clearance_date", css_class="col-md-6")),
            ),
        )
        self.consent_helper = FieldsHelper()
        self.consent_helper.form_tag = False
        self.consent_helper.layout = Layout(
            Row(
                Column("guardian_consent", css_class="col-md-6 pt-md-4"),
                Column("guardian_name", css_class="col-md-6"),
            ),
            "consent_given",
            Row(Column("consent_name", css_class="col-md-6")),
        )

    def clean_intake_date(self):
        """An intake cannot be dated in the future."""
        date = self.cleaned_data["intake_date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("The intake date cannot be in the future."))
        return date

    def clean(self):
        """Consent needs a signer's name, and a guardian's consent needs the guardian's name."""
        data = super().clean()
        if data.get("consent_given") and not data.get("consent_name"):
            self.add_error("consent_name", _("Enter the full name of the person giving consent."))
        if data.get("guardian_consent") and not data.get("guardian_name"):
            self.add_error("guardian_name", _("Enter the guardian's name."))
        return data


class EntryForm(forms.Form):
    """A repeating intake entry; its date field, if it has one, must not be after the intake date."""

    date_field: str | None = "date"

    def __init__(self, *args, intake_date: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.intake_date = intake_date

    def clean(self):
        data = super().clean()
        date = data.get(self.date_field) if self.date_field else None
        if date and self.intake_date and date > self.intake_date:
            self.add_error(self.date_field, _("This date is after the intake date."))
        return data


class ConditionEntryForm(EntryForm):
    """One condition with its status and the body sites it affects."""

    date_field = None
    condition = catalogue_field(Condition, _("Condition"))
    status = forms.ChoiceField(label=_("Status"), choices=BLANK + ConditionStatus.choices)
    sites = site_choices_field(_("Body sites"))
    helper = entry_helper(("condition", "col-md-4"), ("status", "col-md-3"), ("sites", "col-md-5"))


class MedicationEntryForm(EntryForm):
    """One medication: taken now, or the date it was last taken."""

    date_field = "last_taken"
    medication = catalogue_field(Medication, _("Medication"))
    current = forms.BooleanField(label=_("Taken now"), required=False)
    last_taken = forms.DateField(label=_("Last taken"), required=False, widget=DayInput)
    helper = entry_helper(
        ("medication", "col-md-5"), ("current", "col-md-3 pt-md-4"), ("last_taken", "col-md-4")
    )

    def clean(self):
        data = super().clean()
        if data.get("medication") and not data.get("current") and not data.get("last_taken"):
            self.add_error("last_taken", _("Tick “Taken now” or give the date it was last taken."))
        return data


class ProcedureEntryForm(EntryForm):
    """One recent procedure with its date and body sites."""

    procedure = catalogue_field(Procedure, _("Procedure"))
    date = forms.DateField(label=_("Date"), widget=DayInput)
    sites = site_choices_field(_("Body sites"))
    helper = entry_helper(("procedure", "col-md-4"), ("date", "col-md-3"), ("sites", "col-md-5"))


class PriorTreatmentEntryForm(EntryForm):
    """A treatment session or consultation the client had elsewhere."""

    kind = forms.ChoiceField(label=_("Kind"), choices=BLANK + IntakePriorTreatment.Kind.choices)
    treatment = catalogue_field(Treatment, _("Treatment"))
    date = forms.DateField(label=_("Date"), widget=DayInput)
    helper = entry_helper(("kind", "col-md-4"), ("treatment", "col-md-5"), ("date", "col-md-3"))


FORMSETS = {
    "conditions": ConditionEntryForm,
    "medications": MedicationEntryForm,
    "procedures": ProcedureEntryForm,
    "prior_treatments": PriorTreatmentEntryForm,
}


def intake_formsets(data=None, initial: dict | None = None, intake_date=None) -> dict:
    """The repeating-entry formsets, keyed by prefix, bound to POST data or prefilled."""
    initial = initial or {}
    formsets = {
        prefix: forms.formset_factory(form_class, extra=1)(
            data,
            prefix=prefix,
            initial=initial.get(prefix, []),
            form_kwargs={"intake_date": intake_date},
        )
        for prefix, form_class in FORMSETS.items()
    }
    for formset in formsets.values():
        share_choices(formset.forms)
    return formsets


def share_choices(rows: list[forms.Form]) -> None:
    """Give every row of a formset the catalogue choices read once, not once per row."""
    read = {}
    for form in rows:
        for name, field in form.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                if name not in read:
                    read[name] = [choice for choice in field.choices]  # list() would count them first
                field.choices = read[name]


def filled(formset) -> list[dict]:
    """The cleaned data of the rows the user filled (blank extra rows left out)."""
    return [form.cleaned_data for form in formset.forms if form.has_changed() and form.cleaned_data]


def iso(date: datetime.date | None) -> str | None:
    """A date as ISO text, None staying None."""
    return date.isoformat() if date else None


def site_codes(sites) -> list[str]:
    """The sorted codes of chosen body sites."""
    return sorted(site.code for site in sites)


def answers_section(data: dict) -> dict:
    """The document's yes/no answers and the sites of sunburn and broken skin, from cleaned form data."""
    return {
        **{key: data[key] for key in ("pregnant", "breastfeeding", "aluminium_allergy", "keloid_scarring")},
        "sunburn_sites": site_codes(data["sunburn_sites"]),
        "broken_skin_sites": site_codes(data["broken_skin_sites"]),
    }


def intake_document(form: IntakeForm, formsets: dict, *, date_of_birth: datetime.date) -> dict:
    """The intake document described by valid forms."""
    data = form.cleaned_data
    return {
        "intake_date": data["intake_date"].isoformat(),
        "client": {
            "date_of_birth": date_of_birth.isoformat(),
            "guardian_consent": data["guardian_consent"],
            "guardian_name": data["guardian_name"],
        },
        "skin": {key: data[key] for key in ("fitzpatrick", "sensitive", "skin_type", "concerns", "goals")},
        "scalp": {key: data[key] for key in ("scalp_type", "dandruff", "itch", "oiliness", "hair_loss")},
        "conditions": [
            {"code": row["condition"].code, "status": row["status"], "sites": site_codes(row["sites"])}
            for row in filled(formsets["conditions"])
        ],
        "medications": [
            {"code": row["medication"].code, "current": row["current"], "last_taken": iso(row["last_taken"])}
            for row in filled(formsets["medications"])
        ],
        "procedures": [
            {"code": row["procedure"].code, "date": iso(row["date"]), "sites": site_codes(row["sites"])}
            for row in filled(formsets["procedures"])
        ],
        "answers": answers_section(data),
        "consent": {"given": data["consent_given"], "signed_by": data["consent_name"]},
        "previous_sessions": [
            {"treatment": row["treatment"].code, "date": iso(row["date"])}
            for row in filled(formsets["prior_treatments"])
            if row["kind"] == IntakePriorTreatment.Kind.SESSION
        ],
        "consultations": [
            {"treatment": row["treatment"].code, "date": iso(row["date"])}
            for row in filled(formsets["prior_treatments"])
            if row["kind"] == IntakePriorTreatment.Kind.CONSULTATION
        ],
        "dermatologist_clearance": (
            {"date": iso(data["dermatologist_clearance_date"])}
            if data["dermatologist_clearance_date"]
            else None
        ),
    }


def initial_from_document(document: dict) -> tuple[dict, dict]:
    """Initial values for the main form and the formsets, from an earlier intake's document."""
    skin, scalp = document.get("skin", {}), document.get("scalp", {})
    answers, person = document.get("answers", {}), document["client"]
    clearance = document.get("dermatologist_clearance") or {}
    main = {
        **skin,
        **scalp,
        **answers,
        "guardian_consent": person.get("guardian_consent", False),
        "guardian_name": person.get("guardian_name", ""),
        "dermatologist_clearance_date": clearance.get("date"),
    }
    entries = {
        "conditions": [
            {"condition": row["code"], "status": row["status"], "sites": row.get("sites", [])}
            for row in document.get("conditions", [])
        ],
        "medications": [
            {
                "medication": row["code"],
                "current": row.get("current", False),
                "last_taken": row.get("last_taken"),
            }
            for row in document.get("medications", [])
        ],
        "procedures": [
            {"procedure": row["code"], "date": row["date"], "sites": row.get("sites", [])}
            for row in document.get("procedures", [])
        ],
        "prior_treatments": [
            {"kind": kind, "treatment": row["treatment"], "date": row["date"]}
            for key, kind in (
                ("previous_sessions", IntakePriorTreatment.Kind.SESSION),
                ("consultations", IntakePriorTreatment.Kind.CONSULTATION),
            )
            for row in document.get(key, [])
        ],
    }
    return main, entries
