"""The client's own intake form: plain language, one question per line, built from the catalogues.

It produces the same intake document as the staff form, so both are screened the same way.
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Condition, Intake, Medication, Procedure, Treatment
from .choices import ShortListMultipleChoiceField
from .intakes import answers_section, site_choices_field
from .widgets import DayInput

YES_NO = [("no", _("No")), ("yes", _("Yes"))]
CONDITION_ANSWERS = [
    ("", _("No")),
    ("active", _("Yes, it is flaring up now")),
    ("inactive", _("Yes, but it is under control")),
    ("resolved", _("I had it in the past")),
]
MEDICATION_ANSWERS = [("", _("No")), ("current", _("Yes, I use it now")), ("stopped", _("I stopped it"))]
SUN_REACTIONS = [
    ("", _("Not sure")),
    ("1", _("Always burns, never tans")),
    ("2", _("Usually burns, tans a little")),
    ("3", _("Sometimes burns, tans gradually")),
    ("4", _("Rarely burns, tans easily")),
    ("5", _("Very rarely burns, tans very easily")),
    ("6", _("Never burns")),
]


def yes_no(label: str) -> forms.TypedChoiceField:
    """A required yes/no question shown as two large radio buttons."""
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        initial="no",
        widget=forms.RadioSelect,
    )


def bootstrap_class(widget) -> str:
    """The Bootstrap class that makes a widget large and touch-friendly."""
    if isinstance(widget, forms.Select) and not isinstance(widget, forms.RadioSelect):
        return "form-select form-select-lg"
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.CheckboxInput):
        return "form-check-input"
    return "form-control form-control-lg"


class ClientIntakeForm(forms.Form):
    """Everything the clinic needs to know before treating, asked the way a client would say it."""

    sun_reaction = forms.ChoiceField(
        label=_("How does your skin react to the sun?"), choices=SUN_REACTIONS, required=False
    )
    skin_type = forms.ChoiceField(
        label=_("How would you describe your skin?"),
        choices=[("", _("Not sure"))] + Intake.SkinType.choices,
        required=False,
    )
    sensitive = yes_no(_("Is your skin sensitive (it reacts easily to products)?"))
    concerns = forms.CharField(
        label=_("What bothers you about your skin or scalp?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    goals = forms.CharField(
        label=_("What would you like to achieve?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    dandruff = yes_no(_("Do you have dandruff?"))
    itch = yes_no(_("Is your scalp itchy?"))
    oiliness = yes_no(_("Is your scalp oily?"))
    hair_loss = yes_no(_("Are you losing hair?"))
    pregnant = yes_no(_("Are you pregnant?"))
    breastfeeding = yes_no(_("Are you breastfeeding?"))
    aluminium_allergy = yes_no(_("Are you allergic to aluminium?"))
    keloid_scarring = yes_no(_("Do you get raised (keloid) scars?"))
    sunburn_sites = site_choices_field(_("Are you sunburnt anywhere right now? Tick where."))
    broken_skin_sites = site_choices_field(_("Do you have cuts, open wounds or broken skin? Tick where."))
    guardian_name = forms.CharField(
        label=_("Parent or guardian's full name (if you are under 18)"), required=False, max_length=200
    )
    consent = forms.BooleanField(
        label=_(
            "I have read the information above and agree to the treatment. "
            "I will tell the clinic if anything changes."
        ),
        required=True,
    )
    signer_name = forms.CharField(label=_("Type your full name to sign"), max_length=200)
    signature = forms.CharField(required=False, widget=forms.HiddenInput, max_length=200_000)
    guardian_signature = forms.CharField(required=False, widget=forms.HiddenInput, max_length=200_000)

    def __init__(self, *args, client, **kwargs):
        super().__init__(*args, **kwargs)
        self.client = client
        self.today = timezone.localdate()
        self.conditions = list(Condition.objects.filter(active=True))
        self.medications = list(Medication.objects.filter(active=True))
        self.procedures = list(Procedure.objects.filter(active=True))
        for condition in self.conditions:
            self.fields[f"condition_{condition.code}"] = forms.ChoiceField(
                label=condition.name, choices=CONDITION_ANSWERS, required=False
            )
            self.fields[f"condition_{condition.code}_sites"] = site_choices_field(_("Where?"))
        for medication in self.medications:
            self.fields[f"medication_{medication.code}"] = forms.ChoiceField(
                label=medication.name, choices=MEDICATION_ANSWERS, required=False
            )
            self.fields[f"medication_{medication.code}_last"] = forms.DateField(
                label=_("When did you last use it?"), required=False, widget=DayInput
            )
        for procedure in self.procedures:
            self.fields[f"procedure_{procedure.code}_date"] = forms.DateField(
                label=procedure.name,
                required=False,
                widget=DayInput,
                help_text=_("Leave empty if you have not had it in the last year."),
            )
            self.fields[f"procedure_{procedure.code}_sites"] = site_choices_field(_("Where?"))
        for field in self.fields.values():
            field.widget.attrs["class"] = bootstrap_class(field.widget)

    @property
    def is_minor(self) -> bool:
        """Whether the client is under 18 today, so a guardian must sign too."""
        born = self.client.date_of_birth
        return (
            self.today.year - born.year - ((self.today.month, self.today.day) < (born.month, born.day))
        ) < 18

    def condition_rows(self):
        """(answer field, sites field) for each condition, for the template."""
        return [(self[f"condition_{c.code}"], self[f"condition_{c.code}_sites"]) for c in self.conditions]

    def medication_rows(self):
        """(answer field, last-used field) for each medication."""
        return [(self[f"medication_{m.code}"], self[f"medication_{m.code}_last"]) for m in self.medications]

    def procedure_rows(self):
        """(date field, sites field) for each procedure."""
        return [
            (self[f"procedure_{p.code}_date"], self[f"procedure_{p.code}_sites"]) for p in self.procedures
        ]

    def clean(self):
        """Dates cannot be in the future; a stopped medication needs its date; a minor needs a guardian."""
        data = super().clean()
        for name, value in list(data.items()):
            if isinstance(value, datetime.date) and value > self.today:
                self.add_error(name, _("This date is in the future."))
        for medication in self.medications:
            if data.get(f"medication_{medication.code}") == "stopped" and not data.get(
                f"medication_{medication.code}_last"
            ):
                self.add_error(f"medication_{medication.code}_last", _("Tell us roughly when you stopped."))
        if self.is_minor and not data.get("guardian_name"):
            self.add_error("guardian_name", _("A parent or guardian must sign for clients under 18."))
        return data

    def document(self) -> dict:
        """The intake document of the answers (call after is_valid())."""
        data = self.cleaned_data
        codes = lambda sites: sorted(site.code for site in sites)  # noqa: E731
        return {
            "intake_date": self.today.isoformat(),
            "client": {
                "date_of_birth": self.client.date_of_birth.isoformat(),
                "guardian_consent": bool(data["guardian_name"]),
                "guardian_name": data["guardian_name"],
            },
            "skin": {
                "fitzpatrick": int(data["sun_reaction"]) if data["sun_reaction"] else None,
                "skin_type": data["skin_type"],
                "sensitive": data["sensitive"],
                "concerns": data["concerns"],
                "goals": data["goals"],
            },
            "scalp": {key: data[key] for key in ("dandruff", "itch", "oiliness", "hair_loss")},
            "conditions": [
                {
                    "code": c.code,
                    "status": data[f"condition_{c.code}"],
                    "sites": codes(data[f"condition_{c.code}_sites"]),
                }
                for c in self.conditions
                if data.get(f"condition_{c.code}")
            ],
            "medications": [
                {
                    "code": m.code,
                    "current": data[f"medication_{m.code}"] == "current",
                    "last_taken": (data[f"medication_{m.code}_last"] or self.today).isoformat()
                    if data[f"medication_{m.code}"] == "stopped"
                    else None,
                }
                for m in self.medications
                if data.get(f"medication_{m.code}")
            ],
            "procedures": [
                {
                    "code": p.code,
                    "date": data[f"procedure_{p.code}_date"].isoformat(),
                    "sites": codes(data[f"procedure_{p.code}_sites"]),
                }
                for p in self.procedures
                if data.get(f"procedure_{p.code}_date")
            ],
            "answers": answers_section(data),
            "consent": {"given": data["consent"], "signed_by": data["signer_name"]},
        }


class IntakeLinkForm(forms.Form):
    """Front desk: where to send the link, and which treatments the client consents to."""

    email = forms.EmailField(
        label=_("E-mail it to"),
        required=False,
        help_text=_("Leave empty to hand over a tablet with the QR code."),
    )
    treatments = ShortListMultipleChoiceField(
        queryset=None, label=_("Consent for"), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["treatments"].queryset = Treatment.objects.filter(
            active=True, consultation_for__isnull=True
        )
