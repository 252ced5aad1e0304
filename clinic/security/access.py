"""What a signed-in user may do, read in one query the first time a request asks: their roles (the
names of their groups), their permissions, and whether they have a confirmed authenticator.

Every signed-in request asks for two of them (two-factor wants the authenticator and the roles) and
every page for the third (its permission check and the menu): three round trips, now one.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db.models import Q, QuerySet, Value
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.compiled import CompiledRead, union_of

ROLE, PERMISSION, AUTHENTICATOR = "role", "permission", "authenticator"


@dataclass(frozen=True)
class Access:
    """A user's role names (sorted), permissions ("app_label.codename") and whether they have a
    confirmed authenticator."""

    roles: list[str]
    permissions: frozenset[str]
    authenticator: bool


def user_access(user) -> Access:
    """The user's access, read from the database once per user object (a request's), as Django's
    own backend keeps a user's permissions; nothing for an anonymous user."""
    if not user.is_authenticated:
        return Access([], frozenset(), False)
    if not hasattr(user, "_access"):
        user._access = access_read(user)
    return user._access


def access_forget(user) -> None:
    """Have the user object's next question read their access afresh (it has just changed)."""
    user.__dict__.pop("_access", None)


def access_read(user) -> Access:
    """The user's access, in one query: a superuser holds every permission."""
    rows = (SUPERUSER_ACCESS if user.is_superuser else ACCESS).rows([user.pk])
    return Access(
        roles=sorted(name for kind, name, _ in rows if kind == ROLE),
        permissions=frozenset(f"{label}.{codename}" for kind, label, codename in rows if kind == PERMISSION),
        authenticator=any(kind == AUTHENTICATOR for kind, _, _ in rows),
    )


def access_parts(users: list[int], permissions: QuerySet) -> QuerySet:
    """Rows of (kind, name or app label, codename): the users' roles, the `permissions` and one for
    each confirmed authenticator."""
    none = Value("")
    return union_of(
        [
            Group.objects.filter(user__in=users).order_by().values_list(Value(ROLE), "name", none),
            permissions.order_by().values_list(Value(PERMISSION), "content_type__app_label", "codename"),
            TOTPDevice.objects.filter(user__in=users, confirmed=True)
            .order_by()
            .values_list(Value(AUTHENTICATOR), none, none),
        ]
    )


def permissions_held(users: list[int]) -> QuerySet:
    """The permissions the users hold, directly or through a group. Written as two `IN` subqueries,
    which PostgreSQL plans in a third of the time of a union of two joins (and Django's backend runs
    those joins as two queries)."""
    own = Permission.user_set.through.objects.filter(user__in=users).values("permission")
    through_roles = Permission.group_set.through.objects.filter(group__user__in=users).values("permission")
    return Permission.objects.filter(Q(pk__in=own) | Q(pk__in=through_roles))


# Compiled once per process: read on every signed-in request.
ACCESS = CompiledRead(lambda users: access_parts(users, permissions_held(users)))
SUPERUSER_ACCESS = CompiledRead(lambda users: access_parts(users, Permission.objects.all()))
