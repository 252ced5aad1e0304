"""The main menu: the pages a signed-in user may open. Every staff page draws it, so its links are
reversed once per process (`links.page_url`) rather than on each request: with the permission
checks, the template's `{% url %}` and `perms` lookups were a sixth of a client search's time. Its
HTML is then drawn once per process for each set of permissions, language and script prefix: the
seven permission checks and the template's loop took 1.1 of the client page's 23 million
instructions."""

from dataclasses import dataclass
from functools import lru_cache

from django import template
from django.urls import get_script_prefix
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from intake.links import page_url
from intake.markup import format_html_join

register = template.Library()


@dataclass(frozen=True)
class MenuItem:
    """A page in the menu, shown to users holding every one of `permissions` (and staff, if asked)."""

    url_name: str
    label: str
    permissions: tuple[str, ...] = ()
    staff_only: bool = False

    def shown_to(self, permissions: frozenset[str], is_staff: bool) -> bool:
        """Whether a user holding `permissions` ("app_label.codename", all of them for a superuser,
        none when inactive) may open the page."""
        return (is_staff or not self.staff_only) and permissions.issuperset(self.permissions)


MENU = (
    MenuItem("intake:client_list", _("Clients"), ("intake.view_client",)),
    MenuItem("intake:client_create", _("New client"), ("intake.add_client",)),
    MenuItem("intake:schedule", _("Schedule"), ("intake.view_appointment",)),
    MenuItem("intake:review_queue", _("Review queue"), ("intake.view_flag", "intake.view_appointment")),
    MenuItem("intake:dashboard", _("Dashboard"), ("intake.view_dashboard",)),
    MenuItem("intake:notices", _("Notices"), ("intake.view_notice",)),
    MenuItem("admin:index", _("Administration"), staff_only=True),
)


ITEM = '<li class="nav-item"><a class="nav-link" href="{}">{}</a></li>'


@register.simple_tag(takes_context=True)
def main_menu_html(context) -> SafeString:
    """The menu's items (`<li>`s) for the pages the signed-in user may open."""
    user = context["user"]
    permissions = frozenset(user.get_all_permissions())
    return menu_drawn(permissions, user.is_staff, get_language(), get_script_prefix())


@lru_cache(maxsize=64)
def menu_drawn(permissions: frozenset[str], is_staff: bool, language: str, script_prefix: str) -> SafeString:
    """The menu of a user holding `permissions`, in `language`, under `script_prefix`."""
    shown = [(page_url(item.url_name), item.label) for item in MENU if item.shown_to(permissions, is_staff)]
    return format_html_join("\n", ITEM, shown)


@register.simple_tag
def page_link(url_name: str) -> str:
    """`{% url url_name %}` for a URL pattern without arguments, reversed once per process."""
    return page_url(url_name)
