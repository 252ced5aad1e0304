"""Token authentication: DRF's `Token <key>` header, and the same key as `Bearer <key>`."""

from rest_framework.authentication import TokenAuthentication

__all__ = ["BearerTokenAuthentication"]


class BearerTokenAuthentication(TokenAuthentication):
    """The user's API token sent as `Authorization: Bearer <key>`, as CDS Hooks clients send theirs."""

    keyword = "Bearer"
