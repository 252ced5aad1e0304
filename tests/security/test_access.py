"""A user's roles, permissions and authenticator are read together, once per request's user, and say
what each read on its own says."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission, User

from clinic.security.roles import role_names
from clinic.security.two_factor import two_factor_disable, two_factor_enabled
from tests.two_factor import authenticator

pytestmark = pytest.mark.django_db


def test_roles_permissions_and_authenticator_are_read_in_one_query(front_desk, django_assert_num_queries):
    front_desk.groups.add(Group.objects.get(name="Aesthetician"))
    front_desk.user_permissions.add(Permission.objects.get(codename="delete_client"))
    authenticator(front_desk, confirmed=False)
    authenticator(front_desk)
    user = User.objects.get(pk=front_desk.pk)
    with django_assert_num_queries(1):
        assert role_names(user) == ["Aesthetician", "Front desk"]
        assert user.has_perm("intake.delete_client") and user.has_perm("intake.view_client")
        assert not user.has_perm("intake.delete_rule")
        assert two_factor_enabled(user)
        assert role_names(user) == ["Aesthetician", "Front desk"]


def test_only_a_confirmed_authenticator_counts_and_a_user_without_roles_holds_nothing(db):
    user = User.objects.create_user("newcomer")
    authenticator(user, confirmed=False)
    user = User.objects.get(pk=user.pk)
    assert (role_names(user), user.get_all_permissions(), two_factor_enabled(user)) == ([], set(), False)
    assert (role_names(AnonymousUser()), two_factor_enabled(AnonymousUser())) == ([], False)


def test_turning_two_factor_off_is_seen_by_the_same_request(front_desk):
    authenticator(front_desk)
    assert two_factor_enabled(front_desk)
    two_factor_disable(user=front_desk)
    assert not two_factor_enabled(front_desk)
