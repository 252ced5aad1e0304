"""Rule kinds about medications and active products (isotretinoin, retinoids, anticoagulants, ...)."""

from django.utils.translation import gettext_noop

from ..context import Context
from ..registry import catalogue_codes, days, params_schema, register


@register(
    "medication",
    schema=params_schema(
        {
            "medications": catalogue_codes("medications"),
            "within_days": days(
                "Also when last taken this many days or fewer before the appointment; "
                "leave out to look at current use only."
            ),
        },
        required=("medications",),
    ),
)
def medication(params, ctx: Context, site: str | None):
    """One of the medications is taken now, or was last taken within the window before the appointment.

    When a window is set, a medication reported without a date is inside it (the cautious reading).
    """
    window = params.get("within_days")
    evidence = []
    for entry in ctx.snapshot.medications:
        if entry.code not in params["medications"]:
            continue
        if entry.current:
            evidence.append(
                ctx.snapshot.cite(gettext_noop("%(medication)s taken now"), medication=entry.code)
            )
        elif window is None:
            continue
        elif entry.last_taken is None:
            text = gettext_noop("%(medication)s, date last taken not given")
            evidence.append(ctx.snapshot.cite(text, medication=entry.code))
        elif ctx.days_since(entry.last_taken) <= window:
            text = gettext_noop("%(medication)s last taken")
            evidence.append(ctx.snapshot.cite(text, entry.last_taken, medication=entry.code))
    return tuple(evidence)
