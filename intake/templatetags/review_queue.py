"""The review queue's rows, drawn here rather than in the template, as the schedule's are.

The template engine spent a third of the queue page's instructions on its 25 rows (35 of 103
million, bench/instructions.py): each row's thirty odd variables, tags and translations, with the
request's language and time zone looked up again for every value. `QueueRowPainter` reads those and
translates the fixed words and messages once a page, and draws each row with `str.format`, escaping
the values a row brings. The badges are drawn once a page, and a finding's or a flag's words, which
repeat from row to row (one rule, one message), once a page for each set of words.
"""

from functools import cache
from html import escape
from urllib.parse import quote

from django import template
from django.template.backends.utils import csrf_input
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy

from intake.markup import badge, date_writer, escaped, format_html, format_html_join
from intake.models import Appointment, AppointmentFinding, AppointmentStatus, Flag, ReviewAction
from intake.rules.findings import Level
from intake.selectors_review import QueueAction, QueueRow
from intake.templatetags.choices import choice_labels
from intake.templatetags.screening import level_colour

register = template.Library()

ROW = (
    '<li class="list-group-item level-{level}" id="{dom_id}" aria-label="{name}">\n'
    '<div class="d-flex flex-wrap align-items-center gap-2">\n'
    "{badge}\n"
    '<a class="fw-semibold" href="{record}">{client}</a>\n'
    '<a class="small" href="{timeline}">{timeline_text}</a>\n'
    "{about}\n"
    "</div>\n"
    "{details}{history}{actions}</li>"
)
FLAG_ABOUT = (
    '<span>{flag} <code>{code}</code> · {treatment}</span>\n<span class="ms-auto small text-body-secondary">'
    "\n{appointment}\n</span>"
)
FLAG_DETAILS = (
    '<div class="mt-1"><strong>{}</strong> <span class="text-body-secondary">({}).</span> {}</div>\n'
)
APPOINTMENT_ABOUT = '<a href="{}">{}</a>\n<span class="ms-auto small text-body-secondary">{} · {}</span>'
FINDINGS = '<ul class="list-unstyled mb-0 mt-1">\n{}</ul>\n'
FINDING = '<li>{} <code class="small">{}</code> {} <span class="text-body-secondary">({})</span></li>\n'
ACTION = "<li>{}{}</li>\n"
FORM = (
    '<form method="post" class="row g-2 mt-1 no-print" action="{refer}">\n'
    '{csrf}<input type="hidden" name="next" value="{here}">\n'
    '<div class="col-lg-3">\n'
    '<label class="visually-hidden" for="note-{dom_id}">{note}</label>\n'
    '<input type="text" name="note" id="note-{dom_id}" maxlength="2000" '
    'class="form-control form-control-sm" placeholder="{placeholder}">\n'
    "</div>\n"
    '<div class="col-lg-9 d-flex flex-wrap gap-1">\n'
    "{buttons}"
    '<button type="submit" class="btn btn-outline-secondary btn-sm">{refer_text}</button>\n'
    "{resolve}"
    '<button type="submit" class="btn btn-outline-secondary btn-sm" formaction="{intake_request}">'
    "{intake_request_text}</button>\n"
    '<a class="btn btn-outline-secondary btn-sm" href="{clearance}?next={here_quoted}">{clearance_text}</a>\n'
    "</div>\n"
    "</form>\n"
)
ACKNOWLEDGE_FLAG = (
    '<button type="submit" class="btn btn-warning btn-sm" formaction="{}">{}'
    '<span class="visually-hidden"> {}</span></button>\n'
)
ACKNOWLEDGE_FINDING = (
    '<button type="submit" class="btn btn-warning btn-sm" name="finding" value="{}" formaction="{}">'
    "{}</button>\n"
)
RESOLVE = '<button type="submit" class="btn btn-outline-success btn-sm" formaction="{}">{}</button>\n'
# The row's fixed words, translated and escaped once a page.
WORDS = {
    "timeline_text": gettext_lazy("Timeline"),
    "flag": gettext_lazy("Flag"),
    "no_appointment": gettext_lazy("No appointment booked"),
    "note": gettext_lazy("Note"),
    "placeholder": gettext_lazy("Note (required to resolve)"),
    "acknowledge": gettext_lazy("Acknowledge"),
    "refer_text": gettext_lazy("Refer to a dermatologist"),
    "resolve_text": gettext_lazy("Resolve"),
    "intake_request_text": gettext_lazy("Request updated intake"),
    "clearance_text": gettext_lazy("Record clearance"),
}
# The row's messages with placeholders, translated once a page and filled in for each row.
MESSAGES = {
    "flag_name": gettext_lazy("Flag %(code)s, %(client)s"),
    "appointment_name": gettext_lazy("Appointment, %(client)s"),
    "next_appointment": gettext_lazy("Next appointment %(start)s with %(who)s"),
    "action": gettext_lazy("%(action)s by %(who)s, %(when)s"),
    "acknowledge_code": gettext_lazy("Acknowledge %(code)s"),
}
FORM_WORDS = ("note", "placeholder", "refer_text", "intake_request_text", "clearance_text")


def filled(message: str, **values) -> SafeString:
    """A translated `message` with its `%(name)s` placeholders filled with the values escaped (as
    `{% blocktranslate %}` fills them)."""
    return mark_safe(message % {name: escaped(value) for name, value in values.items()})


class QueueRowPainter:
    """Draws review queue rows in the language and time zone of the request, read once; with the
    review actions when `may_review`."""

    def __init__(self, request, may_review: bool):
        language = get_language()
        self.zone = timezone.get_current_timezone()
        self.dates = date_writer()
        self.may_review = may_review
        self.flag_badges = level_badges(choice_labels(Flag, "level", language))
        self.finding_badges = level_badges(choice_labels(AppointmentFinding, "level", language))
        self.status_badges = {
            status: badge("danger" if status == AppointmentStatus.BLOCKED else "warning", label)
            for status, label in choice_labels(Appointment, "status", language).items()
        }
        self.actions = choice_labels(ReviewAction, "action", language)
        self.words = {name: escape(str(text)) for name, text in WORDS.items()}
        self.messages = {name: str(text) for name, text in MESSAGES.items()}
        self.finding = cache(self.draw_finding)
        self.flag_details = cache(self.draw_flag_details)
        if may_review:
            here = request.get_full_path()
            self.form = {
                "csrf": csrf_input(request),
                "here": escape(here),
                "here_quoted": escape(quote(here, safe="/")),
                **{name: self.words[name] for name in FORM_WORDS},
            }

    def row(self, row: QueueRow) -> str:
        """One queue row's `<li>`: the flag or held appointment, the client's links, what was done
        about it so far, and the review actions."""
        urls = row.client_urls
        flag = row.flag
        if flag:
            name = filled(self.messages["flag_name"], code=flag.code, client=row.client)
            row_badge = self.flag_badges[row.level]
        else:
            name = filled(self.messages["appointment_name"], client=row.client)
            row_badge = self.status_badges[row.appointment.status]
        return ROW.format(
            level=escape(row.level or "none"),
            dom_id=row.dom_id,
            name=name,
            badge=row_badge,
            record=escape(urls["record"]),
            client=escape(row.client),
            timeline=escape(urls["timeline"]),
            timeline_text=self.words["timeline_text"],
            about=self.flag_about(row) if flag else self.appointment_about(row),
            details=self.flag_details(flag.message, flag.evidence, flag.hint) if flag else self.findings(row),
            history=self.history(row.actions),
            actions=self.review_form(row) if self.may_review else "",
        )

    def when(self, moment) -> str:
        """A moment in the request's time zone, as `{{ moment|date:"D j M Y, H:i" }}` shows it."""
        return self.dates.weekday_time(moment.astimezone(self.zone))

    def flag_about(self, row: QueueRow) -> str:
        """A flag's rule and treatment, and the client's next appointment for that treatment."""
        if row.appointment:
            appointment = filled(
                self.messages["next_appointment"],
                start=self.when(row.appointment.start),
                who=row.appointment.practitioner,
            )
        else:
            appointment = self.words["no_appointment"]
        return FLAG_ABOUT.format(
            flag=self.words["flag"],
            code=escape(row.flag.code),
            treatment=escape(row.flag.treatment),
            appointment=appointment,
        )

    @staticmethod
    def draw_flag_details(message: str, evidence: str, hint: str) -> str:
        """What a flag says, its evidence and its hint."""
        return FLAG_DETAILS.format(escape(message), escape(evidence), escape(hint))

    def appointment_about(self, row: QueueRow) -> str:
        """A held appointment's treatment (a link to it), time and practitioner."""
        appointment = row.appointment
        treatment = (
            f"{appointment.treatment} ({appointment.intensity})"
            if appointment.intensity
            else appointment.treatment
        )
        return APPOINTMENT_ABOUT.format(
            escape(row.appointment_url),
            escape(treatment),
            escape(self.when(appointment.start)),
            escape(appointment.practitioner),
        )

    def findings(self, row: QueueRow) -> str:
        """The list of the findings that hold an appointment."""
        items = "".join(
            self.finding(finding.level, finding.code, finding.message, finding.evidence)
            for finding in row.open_findings
        )
        return FINDINGS.format(items)

    def draw_finding(self, level: str, code: str, message: str, evidence: str) -> str:
        """One finding's `<li>`: its level's badge, code, message and evidence."""
        return FINDING.format(self.finding_badges[level], escape(code), escape(message), escape(evidence))

    def history(self, actions: list[QueueAction]) -> SafeString:
        """What was done about the row so far, with each note, oldest first."""
        if not actions:
            return mark_safe("")
        items = format_html_join(
            "",
            ACTION,
            (
                (
                    filled(
                        self.messages["action"],
                        action=self.actions.get(action.action, action.action),
                        who=action.by,
                        when=self.dates.day_time(action.at.astimezone(self.zone)),
                    ),
                    format_html(": “{}”", action.note) if action.note else "",
                )
                for action in actions
            ),
        )
        return format_html('<ul class="list-unstyled small text-body-secondary mb-0 mt-1">\n{}</ul>\n', items)

    def review_form(self, row: QueueRow) -> str:
        """The note and the buttons of the review actions on the row."""
        urls = row.action_urls
        if row.flag:
            buttons = (
                ACKNOWLEDGE_FLAG.format(
                    escape(urls["acknowledge"]), self.words["acknowledge"], escape(row.flag.code)
                )
                if row.flag.level == Level.CAUTION.slug
                else ""
            )
            resolve = RESOLVE.format(escape(urls["resolve"]), self.words["resolve_text"])
        else:
            acknowledge = escape(urls["acknowledge"])
            buttons = "".join(
                ACKNOWLEDGE_FINDING.format(
                    finding.pk, acknowledge, filled(self.messages["acknowledge_code"], code=finding.code)
                )
                for finding in row.open_findings
                if finding.level == Level.CAUTION.slug
            )
            resolve = ""
        return FORM.format(
            **self.form,
            refer=escape(urls["refer"]),
            dom_id=row.dom_id,
            buttons=buttons,
            resolve=resolve,
            intake_request=escape(row.client_urls["intake_request"]),
            clearance=escape(row.client_urls["clearance"]),
        )


def level_badges(labels: dict[str, str]) -> dict[str, SafeString]:
    """Each level's badge, in its colour, saying its label."""
    return {level: badge(level_colour(level), label) for level, label in labels.items()}


@register.simple_tag(takes_context=True)
def review_queue_rows_html(context, rows: list[QueueRow], may_review: bool) -> SafeString:
    """The `<li>`s of a page of the review queue (every value a row brings escaped)."""
    painter = QueueRowPainter(context["request"], may_review)
    return mark_safe("\n".join(painter.row(row) for row in rows))
