"""Rule kinds about recent procedures (peels, laser, waxing, injectables, hair chemicals, transplants)."""

from django.utils.translation import gettext_noop

from ..context import Context, at_site, site_list
from ..registry import catalogue_codes, days, params_schema, register


@register(
    "procedure",
    schema=params_schema(
        {
            "procedures": catalogue_codes("procedures"),
            "within_days": days("The procedure was this many days or fewer before the appointment."),
        },
        required=("procedures", "within_days"),
    ),
)
def procedure(params, ctx: Context, site: str | None):
    """One of the procedures was done within the window before the appointment (at the site, if scoped).

    A procedure dated after the appointment date counts as inside the window (the cautious reading).
    """
    return tuple(
        ctx.snapshot.cite(
            gettext_noop("%(procedure)s at %(sites)s on"),
            entry.date,
            procedure=entry.code,
            sites=site_list(entry.sites),
        )
        if entry.sites
        else ctx.snapshot.cite(gettext_noop("%(procedure)s on"), entry.date, procedure=entry.code)
        for entry in ctx.snapshot.procedures
        if entry.code in params["procedures"]
        and ctx.days_since(entry.date) <= params["within_days"]
        and at_site(entry.sites, site)
    )
