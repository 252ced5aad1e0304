"""Token authentication: DRF's `Token <key>` header, and the same key as `Bearer <key>`.

The token and its user are read by one query compiled once per process: DRF's own read (a
`select_related` get) took the ORM longer to build than PostgreSQL to run, on every API request."""

from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from clinic.compiled import CompiledRead

__all__ = ["BearerTokenAuthentication", "TokenAuthentication"]

User = get_user_model()
TOKEN_COLUMNS = [field.attname for field in Token._meta.concrete_fields]
USER_COLUMNS = [field.attname for field in User._meta.concrete_fields]
TOKENS = CompiledRead(
    lambda key: Token.objects.filter(key=key).values_list(
        *TOKEN_COLUMNS, *(f"user__{column}" for column in USER_COLUMNS)
    )
)


class TokenAuthentication(authentication.TokenAuthentication):
    """The user's API token sent as `Authorization: Token <key>`."""

    def authenticate_credentials(self, key: str):
        """The token's user and the token; a 401 for an unknown token or an inactive user."""
        rows = TOKENS.rows(key) if "\x00" not in key else []
        if not rows:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        token = Token.from_db(DEFAULT_DB_ALIAS, TOKEN_COLUMNS, rows[0][: len(TOKEN_COLUMNS)])
        token.user = User.from_db(DEFAULT_DB_ALIAS, USER_COLUMNS, rows[0][len(TOKEN_COLUMNS) :])
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return token.user, token


class BearerTokenAuthentication(TokenAuthentication):
    """The user's API token sent as `Authorization: Bearer <key>`, as CDS Hooks clients send theirs."""

    keyword = "Bearer"
