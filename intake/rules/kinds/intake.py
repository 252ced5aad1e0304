"""Rule kinds about the intake itself: is there one, and is it recent enough to trust."""

from django.utils.translation import gettext_noop

from ..context import Context
from ..registry import days, params_schema, register


@register("intake_missing", schema=params_schema({}))
def intake_missing(params, ctx: Context, site: str | None):
    """No intake is on file for the client."""
    return () if ctx.snapshot.intake_date else (ctx.snapshot.cite(gettext_noop("no intake on file")),)


@register(
    "intake_age",
    schema=params_schema(
        {"days": days("The intake is older than this many days on the appointment date.")},
        required=("days",),
    ),
)
def intake_age(params, ctx: Context, site: str | None):
    """The intake on file is more than `days` days old on the appointment date."""
    if ctx.snapshot.intake_date is None:
        return ()
    age = ctx.days_since(ctx.snapshot.intake_date)
    if age <= params["days"]:
        return ()
    return (ctx.snapshot.cite(gettext_noop("intake %(days)s days old on the appointment date"), days=age),)
