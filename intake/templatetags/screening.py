"""Template filters and tags that show a screening level, a screening's findings and a consent state
the same way on every page."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from intake import markup

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


FINDINGS = '<ul class="list-unstyled mb-0 mt-2">\n{}\n</ul>'
FINDING = (
    '<li class="ps-2 mb-2 level-{0}"><span class="badge text-bg-{1}">{2}</span> <strong>{3}</strong>'
    ' <span class="text-body-secondary">— {4}.</span> {5}'
    ' <code class="small text-body-secondary">{6}</code></li>'
)


@register.simple_tag
def findings_html(findings) -> str:
    """A screening's findings as a list, in the order given (most severe first): each one's level,
    message, evidence, hint and code. Nothing when there are none.

    Drawn here rather than in an included template: the client's record shows every active
    treatment's findings, and the template engine took about 0.4 million instructions a finding."""
    if not findings:
        return ""
    rows = (
        (
            finding.level.slug,
            level_colour(finding.level.slug),
            finding.level.label,
            finding.message,
            finding.evidence_text,
            finding.hint,
            finding.code,
        )
        for finding in findings
    )
    return markup.format_html(FINDINGS, markup.format_html_join("\n", FINDING, rows))
