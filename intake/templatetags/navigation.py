"""The main menu: the pages a signed-in user may open. Every staff page draws it, so its links are
reversed once per process (`links.page_url`) rather than on each request: with the permission
checks, the template's `{% url %}` and `perms` lookups were a sixth of a client search's time."""

from dataclasses import dataclass

from django import template
from django.utils.translation import gettext_lazy as _

from intake.links import page_url

register = template.Library()


@dataclass(frozen=True)
class MenuItem:
    """A page in the menu, shown to users holding every one of `permissions` (and staff, if asked)."""

    url_name: str
    label: str
    permissions: tuple[str, ...] = ()
    staff_only: bool = False

    def shown_to(self, user) -> bool:
        return (user.is_staff or not self.staff_only) and user.has_perms(self.permissions)


MENU = (
    MenuItem("intake:client_list", _("Clients"), ("intake.view_client",)),
    MenuItem("intake:client_create", _("New client"), ("intake.add_client",)),
    MenuItem("intake:schedule", _("Schedule"), ("intake.view_appointment",)),
    MenuItem("intake:review_queue", _("Review queue"), ("intake.view_flag", "intake.view_appointment")),
    MenuItem("intake:dashboard", _("Dashboard"), ("intake.view_dashboard",)),
    MenuItem("intake:notices", _("Notices"), ("intake.view_notice",)),
    MenuItem("admin:index", _("Administration"), staff_only=True),
)


@register.simple_tag(takes_context=True)
def main_menu(context) -> list[tuple[str, str]]:
    """The (link, label) of each page in the menu that the signed-in user may open."""
    user = context["user"]
    return [(page_url(item.url_name), item.label) for item in MENU if item.shown_to(user)]


@register.simple_tag
def page_link(url_name: str) -> str:
    """`{% url url_name %}` for a URL pattern without arguments, reversed once per process."""
    return page_url(url_name)
