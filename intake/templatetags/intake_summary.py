"""The intake's summary (a client's record, an intake version's page, the printout), drawn here: as a
template of some forty tags it took 3.2 of the client page's 28 million instructions."""

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intake.entries import Entry
from intake.markup import badge, date_writer, escaped, format_html
from intake.models import Intake
from intake.templatetags.choices import label

register = template.Library()

TERM = '<dt class="col-sm-4">{}</dt>\n<dd class="col-sm-8">{}</dd>'
# The answers shown as badges, each with its colour, when the intake says yes.
BADGES = {
    "pregnant": ("warning", gettext_lazy("Pregnant")),
    "breastfeeding": ("warning", gettext_lazy("Breastfeeding")),
    "aluminium_allergy": ("danger", gettext_lazy("Aluminium allergy")),
    "keloid_scarring": ("warning", gettext_lazy("Keloid scarring")),
}
SCALP_SIGNS = {
    "dandruff": gettext_lazy("dandruff"),
    "itch": gettext_lazy("itch"),
    "oiliness": gettext_lazy("oiliness"),
    "hair_loss": gettext_lazy("hair loss"),
}


@register.simple_tag
def intake_summary_html(intake: Intake) -> SafeString:
    """The summary of an intake read with `entries.intake_summarized`, as a `<dl>`."""
    terms = IntakeSummary(intake).terms()
    rows = "\n".join(format_html(TERM, term, SafeString(description)) for term, description in terms)
    return SafeString(f'<dl class="row answers mb-0">\n{rows}\n</dl>')


class IntakeSummary:
    """An intake's answers and entries in words, each a term of the summary (its HTML escaped)."""

    def __init__(self, intake: Intake):
        self.intake, self.summary, self.dates = intake, intake.summary, date_writer()

    def terms(self) -> list[tuple[str, str]]:
        """(term, description) in the order the summary shows them."""
        summary = self.summary
        return [
            (_("Skin"), self.skin()),
            (_("Scalp"), self.scalp()),
            (_("Conditions"), listed(summary.conditions, self.condition)),
            (_("Medications"), listed(summary.medications, self.medication)),
            (_("Recent procedures"), listed(summary.procedures, self.procedure)),
            (_("Sessions and consultations elsewhere"), listed(summary.prior_treatments, self.prior)),
            (_("Answers"), self.answers()),
            (_("Consent"), self.consent()),
        ]

    def day(self, entry: Entry) -> str:
        """The entry's date as the summary writes dates, or "" when it has none."""
        return self.dates.day(entry.date) if entry.date else ""

    def skin(self) -> str:
        intake = self.intake
        parts = [
            intake.fitzpatrick and format_html("{} {}", _("Fitzpatrick"), label(intake, "fitzpatrick")),
            intake.skin_type and format_html("· {}", label(intake, "skin_type")),
            intake.sensitive and format_html("· <strong>{}</strong>", _("sensitive (self-reported)")),
            intake.concerns and format_html("<br>{}: {}", _("Concerns"), intake.concerns),
            intake.goals and format_html("<br>{}: {}", _("Goals"), intake.goals),
        ]
        return " ".join(part for part in parts if part) or "—"

    def scalp(self) -> str:
        intake = self.intake
        signs = [format_html("· {}", word) for name, word in SCALP_SIGNS.items() if getattr(intake, name)]
        return " ".join([escaped(label(intake, "scalp_type") or "—"), *signs])

    def condition(self, entry: Entry) -> str:
        return format_html("<strong>{}</strong> — {}{}", entry.name, entry.detail, sites(entry.sites))

    def medication(self, entry: Entry) -> str:
        taken = _("taken now") if entry.current else f"{_('last taken')} {self.day(entry)}"
        return format_html("<strong>{}</strong> — {}", entry.name, taken)

    def procedure(self, entry: Entry) -> str:
        return format_html("<strong>{}</strong> — {}{}", entry.name, self.day(entry), sites(entry.sites))

    def prior(self, entry: Entry) -> str:
        return format_html("{}: {} ({})", entry.detail, entry.name, self.day(entry))

    def answers(self) -> str:
        intake, summary = self.intake, self.summary
        said = [(colour, text) for name, (colour, text) in BADGES.items() if getattr(intake, name)]
        parts = [badge(colour, text) for colour, text in said]
        noted = [
            (_("Sunburnt now at"), ", ".join(summary.sunburn_sites)),
            (_("Broken skin at"), ", ".join(summary.broken_skin_sites)),
        ]
        if intake.dermatologist_clearance_date:
            noted.append((_("Dermatologist clearance"), self.dates.day(intake.dermatologist_clearance_date)))
        parts += [format_html("<div>{}: {}</div>", term, words) for term, words in noted if words]
        return " ".join(parts) or escaped(_("Nothing of note"))

    def consent(self) -> str:
        intake = self.intake
        if intake.consent_given:
            given = _("Given, signed by %(name)s") % {"name": escaped(intake.consent_name)}
        else:
            given = format_html('<span class="text-danger">{}</span>', _("Not given"))
        if not intake.guardian_name:
            return given
        consents = format_html(" ({})", _("consents")) if intake.guardian_consent else ""
        guardian = format_html("<br>{}: {}{}", _("Guardian"), intake.guardian_name, consents)
        return f"{given} {guardian}"


def listed(entries: list[Entry], line) -> str:
    """Each entry as `line` words it, a `<div>` each, or "None reported"."""
    if not entries:
        return escaped(_("None reported"))
    return "\n".join(f"<div>{line(entry)}</div>" for entry in entries)


def sites(names: list[str]) -> str:
    """ " (face, scalp)", or "" for no sites."""
    return f" ({', '.join(names)})" if names else ""
