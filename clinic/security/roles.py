"""The user's roles (the names of their groups), read once per request for every check and the menu."""

from django.utils.functional import SimpleLazyObject

from .access import user_access


def role_names(user) -> list[str]:
    """The names of the user's groups, sorted; read with the rest of their access (`user_access`)."""
    return user_access(user).roles


def roles(request) -> dict:
    """Context processor: `roles`, the signed-in user's role names, read only if a page shows them."""
    return {"roles": SimpleLazyObject(lambda: role_names(request.user))}
