"""Rule kinds by subject; importing this package registers every one of them."""

from . import client, conditions, intake, medications, procedures, scheduling, treatment  # noqa: F401
