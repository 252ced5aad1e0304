"""Rule kinds about the booking itself: advice for every booking, and intensity above a cap."""

from django.utils.translation import gettext_noop

from ..context import Context
from ..registry import params_schema, register


@register("always", schema=params_schema({}))
def always(params, ctx: Context, site: str | None):
    """Every booking of the rule's treatments matches (for advice that goes with a treatment)."""
    return (ctx.snapshot.cite(gettext_noop("%(treatment)s booked"), treatment=ctx.treatment),)


@register("intensity_above_cap", schema=params_schema({}), reads_cap=True)
def intensity_above_cap(params, ctx: Context, site: str | None):
    """The booked intensity is above the strictest cap another finding sets."""
    if ctx.intensity is None or ctx.cap is None:
        return ()
    if ctx.intensities[ctx.intensity] <= ctx.intensities[ctx.cap]:
        return ()
    return (
        ctx.snapshot.cite(
            gettext_noop("%(intensity)s intensity booked; %(codes)s cap it at %(cap)s"),
            intensity=ctx.intensity,
            codes=", ".join(ctx.capped_by),
            cap=ctx.cap,
        ),
    )
