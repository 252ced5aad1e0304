"""Template filters that show a screening level the same way on every page."""

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

COLOURS = {"contraindicated": "danger", "caution": "warning", "advice": "info", "none": "success"}
HEADLINES = {
    "contraindicated": _("Contraindicated — do not book"),
    "caution": _("Caution — a practitioner must review"),
    "advice": _("Advice only — bookable"),
    "none": _("No findings — bookable"),
}


@register.filter
def level_colour(outcome: str) -> str:
    """The Bootstrap colour of a level or outcome slug ("contraindicated" → "danger")."""
    return COLOURS[outcome]


@register.filter
def level_headline(outcome: str) -> str:
    """What a screening outcome means for booking, in words."""
    return HEADLINES[outcome]
