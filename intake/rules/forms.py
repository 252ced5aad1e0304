"""Forms for rules: the rule form the admin and the what-if page share, and the what-if choices."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Client, Rule, Treatment
from . import registry


def kind_choices() -> list[tuple[str, str]]:
    """Every registered kind, labelled with what it checks."""
    return [(kind.name, f"{kind.name} — {kind.description}") for kind in registry.kinds()]


class RuleForm(forms.ModelForm):
    """A rule as a clinic admin edits it; the model checks the parameters against the kind and catalogues.

    The code of a saved rule cannot change: findings and flags cite it.
    """

    kind = forms.ChoiceField(label=_("Kind"), choices=kind_choices)

    class Meta:
        model = Rule
        fields = [
            "code",
            "kind",
            "params",
            "level",
            "treatments",
            "site_scope",
            "max_intensity",
            "message",
            "hint",
            "enabled",
        ]
        widgets = {
            "params": forms.Textarea(attrs={"rows": 3, "class": "font-monospace"}),
            "hint": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"params": _("A JSON object; each kind's parameters are listed in the rule reference.")}
        error_messages = {
            "max_intensity": {"invalid_choice": _("The cap must be an intensity from the catalogue.")}
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Consultations are treatments too, but no rule screens them.
        self.fields["treatments"].queryset = Treatment.objects.filter(consultation_for__isnull=True)
        if self.instance.pk:
            self.fields["code"].disabled = True


class WhatIfForm(forms.Form):
    """Whom to try a rule change on, and for which appointment date."""

    client = forms.ModelChoiceField(label=_("Client"), queryset=Client.objects.all())
    date = forms.DateField(
        label=_("Appointment date"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    rule = forms.ModelChoiceField(
        label=_("Start from"),
        queryset=Rule.objects.filter(retired_at__isnull=True),
        required=False,
        empty_label=_("— a new rule —"),
        to_field_name="code",
    )
