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
    intake_date = ctx.snapshot.intake_date
    if intake_date is None or ctx.days_since(intake_date) <= params["days"]:
        return ()
    # The evidence cites the limit and (as all evidence does) the intake's date, never the intake's
    # age: the age grows every day, and a finding reworded daily would replace its flag daily.
    text = gettext_noop("intake filled in more than %(days)s days before the appointment date")
    return (ctx.snapshot.cite(text, days=params["days"]),)
