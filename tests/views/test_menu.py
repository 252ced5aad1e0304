"""The main menu: each role sees the pages it may open, linked, in the same order on every page."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def menu(response) -> list[tuple[str, str]]:
    """The (label, link) of each page in the main menu."""
    items = re.search(r'<ul class="navbar-nav me-auto">(.*?)</ul>', response.content.decode(), re.S).group(1)
    links = re.findall(r'<a class="nav-link" href="([^"]+)">([^<]+)</a>', items)
    return [(label, link) for link, label in links]


def test_the_front_desk_sees_its_pages(as_user, front_desk):
    response = as_user(front_desk).get(reverse("intake:client_list"))
    assert menu(response) == [
        ("Clients", reverse("intake:client_list")),
        ("New client", reverse("intake:client_create")),
        ("Schedule", reverse("intake:schedule")),
        ("Review queue", reverse("intake:review_queue")),
        ("Notices", reverse("intake:notices")),
    ]


def test_an_aesthetician_cannot_register_clients(as_user, aesthetician):
    labels = [label for label, _ in menu(as_user(aesthetician).get(reverse("intake:schedule")))]
    assert "New client" not in labels
    assert {"Clients", "Schedule", "Review queue"} <= set(labels)
    assert "Administration" not in labels


def test_only_staff_see_the_administration(as_user, clinic_admin):
    response = as_user(clinic_admin).get(reverse("intake:client_list"))
    assert menu(response)[-1] == ("Administration", reverse("admin:index"))


def test_a_page_needing_two_permissions_shows_only_with_both(as_user):
    user = UserFactory()
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_client", "view_appointment"]))
    assert [label for label, _ in menu(as_user(user).get(reverse("intake:client_list")))] == [
        "Clients",
        "Schedule",
    ]


def test_the_menu_follows_a_change_of_permissions_on_the_next_page(as_user):
    user = UserFactory()
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_client", "view_appointment"]))
    http = as_user(user)

    def labels() -> list[str]:
        return [label for label, _ in menu(http.get(reverse("intake:client_list")))]

    assert labels() == ["Clients", "Schedule"]
    user.user_permissions.add(Permission.objects.get(codename="view_flag"))
    assert labels() == ["Clients", "Schedule", "Review queue"]
    user.user_permissions.remove(Permission.objects.get(codename="view_appointment"))
    assert labels() == ["Clients"]
