"""The user's roles (the names of their groups), read once per request for every check and the menu."""

from django.contrib.auth.models import Group
from django.utils.functional import SimpleLazyObject

from clinic.compiled import CompiledRead

# Every signed-in request reads them (two-factor asks), so the query is built and compiled once per
# process: with the confirmed authenticator's (`two_factor.CONFIRMED_DEVICE`), 1.8 million of the
# 7.4 million instructions the framework floor ran a request.
ROLES = CompiledRead(lambda users: Group.objects.filter(user__in=users).order_by().values_list("name"))


def role_names(user) -> list[str]:
    """The names of the user's groups, sorted; read from the database once per user object."""
    if not user.is_authenticated:
        return []
    if not hasattr(user, "_role_names"):
        user._role_names = sorted(name for (name,) in ROLES.rows([user.pk]))
    return user._role_names


def roles(request) -> dict:
    """Context processor: `roles`, the signed-in user's role names, read only if a page shows them."""
    return {"roles": SimpleLazyObject(lambda: role_names(request.user))}
