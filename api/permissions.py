"""Who may call what: each view names the model permissions every method needs, as the pages do."""

from rest_framework.permissions import BasePermission

__all__ = ["RolePermissions"]


class RolePermissions(BasePermission):
    """A signed-in user holding every permission the view's `required_permissions` lists for the method.

    A method the view lists nothing for is refused to everyone (nothing is open by default), unless
    the view has no such method at all: then a signed-in user learns so (405).
    """

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        method = "GET" if request.method == "HEAD" else request.method
        needed = getattr(view, "required_permissions", {}).get(method)
        if needed is None:
            return not hasattr(view, method.lower())
        return request.user.has_perms(needed)
