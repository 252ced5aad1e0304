"""Django admin of the intake app, one module per area (imported here to register them)."""

from . import audit, booking, catalogue, clients, rules, selfservice  # noqa: F401
