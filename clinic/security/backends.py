"""Django's model backend, reading a user's permissions with the rest of their access in one query
(`access.user_access`) instead of two of their own."""

from django.contrib.auth import backends

from .access import user_access


class ModelBackend(backends.ModelBackend):
    """The stock backend, but the first permission check of a request reads the user's own and
    their groups' permissions together, with their roles and authenticator, once per user object as
    before."""

    def get_all_permissions(self, user_obj, obj=None) -> frozenset[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return frozenset()
        return user_access(user_obj).permissions
