"""Template filters and tags that show a screening level, a screening's findings and a consent state
the same way on every page."""

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext
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
    return markup.badge("warning", CONSENT_BADGES[state])


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


PANEL = """<section class="card shadow-sm mb-3" aria-labelledby="screening-heading">
  <div class="card-header d-flex flex-wrap justify-content-between align-items-baseline gap-2">
    <h2 class="h5 mb-0" id="screening-heading">{}</h2>
    {}
  </div>
  <ul class="list-group list-group-flush">
{}
  </ul>
</section>"""
AS_OF = '<span class="small text-body-secondary">{}</span>'
TREATMENT = """<li class="list-group-item level-{0}">
  <div class="d-flex flex-wrap align-items-center gap-2">
    <h3 class="h6 mb-0">{1}</h3>
    <span class="badge text-bg-{2}">{3}</span>
    {4}
  </div>
  {5}
</li>"""
INTENSITY = '<span class="badge text-bg-light border">{}</span>'
NOTHING_TO_SCREEN = '<li class="list-group-item text-body-secondary">{}</li>'


@register.simple_tag
def screening_panel_html(screenings) -> SafeString:
    """The client record's screening panel: each active treatment's outcome, the most intense setting
    allowed and the findings, from `(treatment, ScreeningResult)` pairs (`loader.client_screenings`).

    Drawn here rather than in an included template: it was 2.4 of the page's 25 million instructions."""
    if not screenings:
        rows = markup.format_html(NOTHING_TO_SCREEN, gettext("No active treatments to screen for."))
        return markup.format_html(PANEL, gettext("Screening"), "", rows)
    day = markup.date_writer().day(screenings[0][1].date)
    as_of = markup.format_html(AS_OF, gettext("as of %(date)s") % {"date": day})
    rows = "\n".join(treatment_row(treatment, result) for treatment, result in screenings)
    return markup.format_html(PANEL, gettext("Screening"), as_of, SafeString(rows))


def treatment_row(treatment, result) -> str:
    """One treatment's item in the screening panel."""
    outcome = result.outcome
    intensity = ""
    if result.max_intensity:
        at_most = {"intensity": markup.escaped(result.max_intensity)}
        words = gettext("intensity at most %(intensity)s") % at_most
        intensity = markup.format_html(INTENSITY, SafeString(words))
    findings = findings_html(result.findings)
    colour, headline = level_colour(outcome), level_headline(outcome)
    return markup.format_html(TREATMENT, outcome, treatment.name, colour, headline, intensity, findings)
