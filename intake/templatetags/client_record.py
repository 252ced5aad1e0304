"""The buttons of a client's record, drawn in Python as the menu is: each shown to users holding its
permission, its link reversed once per process (`links.pk_link`). In the template, the record's
seven buttons and their permission checks took 2.0 of the page's 25.7 million instructions."""

from dataclasses import dataclass

from django import template
from django.utils.translation import gettext_lazy as _

from intake.links import pk_link
from intake.markup import format_html_join

register = template.Library()


@dataclass(frozen=True)
class RecordButton:
    """A button linking to a page about the client, shown to users holding `permission` (everyone
    who may see the record when empty), and only with or without a current intake when `with_intake`
    says so."""

    url_name: str
    label: str
    permission: str = ""
    style: str = "btn-outline-secondary"
    with_intake: bool | None = None

    def shown(self, user, has_intake: bool) -> bool:
        if self.with_intake not in (None, has_intake):
            return False
        return not self.permission or user.has_perm(self.permission)


RECORD_BUTTONS = {
    "record": (
        RecordButton("intake:client_update", _("Edit details"), "intake.change_client"),
        RecordButton("intake:client_timeline", _("Timeline")),
        RecordButton("intake:client_print", _("Print record")),
        RecordButton(
            "intake:intake_link_create", _("Send intake link"), "intake.add_intakelink", "btn-outline-primary"
        ),
        RecordButton("intake:intake_create", _("Update intake"), "intake.add_intake", "btn-primary", True),
        RecordButton("intake:intake_create", _("Fill in intake"), "intake.add_intake", "btn-primary", False),
    ),
    "appointments": (
        RecordButton("intake:book", _("Book a treatment"), "intake.add_appointment", "btn-primary btn-sm"),
    ),
}

BUTTON = '<a class="btn {}" href="{}">{}</a>'


@register.simple_tag(takes_context=True)
def record_buttons_html(context, group: str, client, intake) -> str:
    """The buttons of `group` ("record", "appointments") the signed-in user may use, for `client`
    with or without a current `intake`."""
    user, has_intake = context["user"], intake is not None
    return format_html_join(
        "\n",
        BUTTON,
        (
            (button.style, pk_link(button.url_name)(client.pk), button.label)
            for button in RECORD_BUTTONS[group]
            if button.shown(user, has_intake)
        ),
    )
