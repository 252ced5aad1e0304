"""Rule kinds about reported conditions (eczema, psoriasis, infections, ...)."""

from django.utils.translation import gettext_noop

from ..context import Context, at_site, site_list
from ..registry import catalogue_codes, one_or_more_of, params_schema, register

STATUSES = ["active", "recurrence", "relapse", "inactive", "remission", "resolved"]


@register(
    "condition",
    schema=params_schema(
        {
            "conditions": catalogue_codes("conditions"),
            "statuses": one_or_more_of(STATUSES),
            "unless_cleared": {
                "type": "boolean",
                "description": "A dermatologist clearance on file by the appointment date waives the rule.",
            },
        },
        required=("conditions", "statuses"),
    ),
)
def condition(params, ctx: Context, site: str | None):
    """One of the conditions is reported with one of the statuses (at the site, for site-scoped rules)."""
    snapshot = ctx.snapshot
    if params.get("unless_cleared") and snapshot.clearance_date and snapshot.clearance_date <= ctx.date:
        return ()
    return tuple(
        snapshot.cite(
            gettext_noop("%(condition)s, %(status)s at %(sites)s"),
            condition=entry.code,
            status=entry.status,
            sites=site_list(entry.sites),
        )
        if entry.sites
        else snapshot.cite(
            gettext_noop("%(condition)s, %(status)s"), condition=entry.code, status=entry.status
        )
        for entry in snapshot.conditions
        if entry.code in params["conditions"]
        and entry.status in params["statuses"]
        and at_site(entry.sites, site)
    )
