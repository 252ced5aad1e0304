"""Rule kinds about the client's sessions and consultations: frequency, and a consultation first."""

from django.utils.translation import gettext_noop

from ..context import Context
from ..registry import params_schema, register


@register(
    "session_interval",
    schema=params_schema(
        {
            "min_days": {
                "type": "integer",
                "minimum": 1,
                "maximum": 3660,
                "description": "A session of the same treatment fewer than this many days away matches.",
            }
        },
        required=("min_days",),
    ),
)
def session_interval(params, ctx: Context, site: str | None):
    """A session of the same treatment is fewer than `min_days` days from the appointment (either side)."""
    return tuple(
        ctx.snapshot.cite(gettext_noop("%(treatment)s session on"), visit.date, treatment=visit.treatment)
        for visit in ctx.snapshot.sessions
        if visit.treatment == ctx.treatment and abs(ctx.days_since(visit.date)) < params["min_days"]
    )


@register("consultation_first", schema=params_schema({}))
def consultation_first(params, ctx: Context, site: str | None):
    """The client has neither had this treatment before nor a consultation for it by the appointment date."""
    snapshot = ctx.snapshot
    if any(visit.treatment == ctx.treatment and visit.date < ctx.date for visit in snapshot.sessions):
        return ()
    if any(visit.treatment == ctx.treatment and visit.date <= ctx.date for visit in snapshot.consultations):
        return ()
    text = gettext_noop("no %(treatment)s session or consultation on file")
    return (snapshot.cite(text, treatment=ctx.treatment),)
