"""The three staff roles exist with the permissions their work needs, and no more."""
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

pytestmark = pytest.mark.django_db


def codenames(role: str) -> set[str]:
    return set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))


def test_front_desk_registers_and_fills_intakes_but_manages_nothing():
    perms = codenames("Front desk")
    assert {"view_client", "add_client", "change_client", "add_intake"} <= perms
    assert not {"delete_client", "change_treatment", "add_user"} & perms


def test_aesthetician_reads_records_and_records_intakes():
    perms = codenames("Aesthetician")
    assert {"view_client", "view_intake", "add_intake"} <= perms
    assert "add_client" not in perms


def test_clinic_admin_manages_catalogues_and_users():
    perms = codenames("Clinic admin")
    assert {"add_treatment", "change_condition", "add_user", "change_group"} <= perms


def test_the_menu_shows_the_signed_in_users_roles(as_user, front_desk):
    front_desk.groups.add(Group.objects.get(name="Aesthetician"))
    page = as_user(front_desk).get(reverse("intake:client_list")).content.decode()
    assert "· Aesthetician · Front desk</span>" in page
