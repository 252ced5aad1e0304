"""Template filters that show a screening level and a consent state the same way on every page."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

register = template.Library()

COLOURS = {"contraindicated": "danger", "caution": "warning", "advice": "info", "none": "success"}
HEADLINES = {
    "contraindicated": _("Contraindicated — do not book"),
    "caution": _("Caution — a practitioner must review"),
    "advice": _("Advice only — bookable"),
    "none": _("No findings — bookable"),
}

CONSENT_BADGES = {
    "missing": _("consent missing"),
    "outdated": _("consent for an older text"),
}


@register.filter
def level_colour(outcome: str) -> str:
    """The Bootstrap colour of a level or outcome slug ("contraindicated" → "danger")."""
    return COLOURS[outcome]


@register.filter
def level_headline(outcome: str) -> str:
    """What a screening outcome means for booking, in words."""
    return HEADLINES[outcome]


@register.filter
def consent_badge(state: str | None) -> str:
    """A warning badge for a missing or outdated consent ("missing", "outdated"); nothing otherwise.

    A filter rather than an included template: the schedule shows one per appointment."""
    if state not in CONSENT_BADGES:
        return ""
    return format_html('<span class="badge text-bg-warning">{}</span>', CONSENT_BADGES[state])
