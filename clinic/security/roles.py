"""The user's roles (the names of their groups), read once per request for every check and the menu."""

from django.utils.functional import SimpleLazyObject


def role_names(user) -> list[str]:
    """The names of the user's groups, sorted; read from the database once per user object."""
    if not user.is_authenticated:
        return []
    if not hasattr(user, "_role_names"):
        user._role_names = sorted(user.groups.values_list("name", flat=True))
    return user._role_names


def roles(request) -> dict:
    """Context processor: `roles`, the signed-in user's role names, read only if a page shows them."""
    return {"roles": SimpleLazyObject(lambda: role_names(request.user))}
