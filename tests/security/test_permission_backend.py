"""Permissions are read in one query, afresh for each user object, and grant exactly what Django's own
backend grants."""

import pytest
from django.contrib.auth import backends
from django.contrib.auth.models import Group, Permission, User

from clinic.security.backends import ModelBackend

pytestmark = pytest.mark.django_db


def stock_permissions(user_id: int) -> set[str]:
    """What Django's model backend grants the user, read afresh."""
    return backends.ModelBackend().get_all_permissions(User.objects.get(pk=user_id))


def our_permissions(user_id: int) -> set[str]:
    return ModelBackend().get_all_permissions(User.objects.get(pk=user_id))


def test_own_and_group_permissions_are_both_granted():
    user = User.objects.create_user("both")
    user.groups.add(Group.objects.get(name="Front desk"))
    user.user_permissions.add(Permission.objects.get(codename="delete_client"))
    granted = our_permissions(user.pk)
    assert {"intake.add_client", "intake.delete_client"} <= granted
    assert granted == stock_permissions(user.pk)


def test_a_superuser_holds_every_permission_and_an_inactive_user_none():
    admin = User.objects.create_superuser("root-user")
    assert (
        our_permissions(admin.pk)
        == stock_permissions(admin.pk)
        == {
            f"{app_label}.{codename}"
            for app_label, codename in Permission.objects.values_list("content_type__app_label", "codename")
        }
    )
    idle = User.objects.create_user("idle", is_active=False)
    idle.groups.add(Group.objects.get(name="Clinic admin"))
    assert our_permissions(idle.pk) == set()


def test_a_users_permissions_are_read_in_one_query(django_assert_num_queries):
    user = User.objects.create_user("reader")
    user.groups.add(Group.objects.get(name="Aesthetician"))
    user = User.objects.get(pk=user.pk)
    with django_assert_num_queries(1):
        assert user.has_perm("intake.view_client")
        assert not user.has_perm("intake.delete_client")


def test_a_revoked_permission_is_gone_from_the_next_read():
    user = User.objects.create_user("revoked")
    user.groups.add(Group.objects.get(name="Front desk"))
    user.user_permissions.add(Permission.objects.get(codename="delete_client"))
    other = User.objects.create_user("other")
    assert "intake.delete_client" in our_permissions(user.pk)
    assert "intake.delete_client" not in our_permissions(other.pk)

    user.user_permissions.clear()
    user.groups.clear()
    assert our_permissions(user.pk) == stock_permissions(user.pk) == set()
