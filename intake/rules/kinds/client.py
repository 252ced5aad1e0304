"""Rule kinds about the client's own answers: yes/no questions, sites affected now, age and consent."""

from django.utils.translation import gettext_lazy, gettext_noop

from ..context import Context, at_site, site_list
from ..registry import catalogue_codes, one_or_more_of, params_schema, register
from ..snapshot import SITE_ANSWERS, YES_NO_ANSWERS

ANSWER_LABELS = {
    "sensitive": gettext_lazy("sensitive skin (self-reported)"),
    "pregnant": gettext_lazy("pregnant"),
    "breastfeeding": gettext_lazy("breastfeeding"),
    "aluminium_allergy": gettext_lazy("allergy to aluminium"),
    "keloid_scarring": gettext_lazy("keloid scarring"),
    "sunburn_sites": gettext_lazy("sunburn now"),
    "broken_skin_sites": gettext_lazy("open wounds or broken skin"),
}


@register(
    "answer",
    schema=params_schema(
        {
            "answers": one_or_more_of(sorted(YES_NO_ANSWERS)),
            "methods": {
                **catalogue_codes("methods"),
                "description": "Only when booked with one of these methods (or no method chosen yet).",
            },
        },
        required=("answers",),
    ),
)
def answer(params, ctx: Context, site: str | None):
    """The client answered yes to one of the questions (and, if methods are given, the method is one of them).

    A booking with no method chosen yet may still use any method, so it matches.
    """
    methods = params.get("methods")
    if methods and ctx.method is not None and ctx.method not in methods:
        return ()
    names = ctx.snapshot.yes_answers & params["answers"]
    if not names:
        return ()
    if methods and ctx.method:
        text, values = gettext_noop("%(answer)s: yes; method %(method)s"), {"method": ctx.method}
    else:
        text, values = gettext_noop("%(answer)s: yes"), {}
    return tuple(ctx.snapshot.cite(text, answer=ANSWER_LABELS[name], **values) for name in sorted(names))


@register(
    "site_answer",
    schema=params_schema(
        {"answers": one_or_more_of(list(SITE_ANSWERS))},
        required=("answers",),
    ),
)
def site_answer(params, ctx: Context, site: str | None):
    """The client reports one of these things now at the site (at any site, for rules not scoped)."""
    return tuple(
        ctx.snapshot.cite(
            gettext_noop("%(answer)s at %(sites)s"), answer=ANSWER_LABELS[name], sites=site_list(sites)
        )
        for name in SITE_ANSWERS
        if name in params["answers"] and (sites := getattr(ctx.snapshot, name)) and at_site(sites, site)
    )


@register(
    "minor_without_consent",
    schema=params_schema(
        {"age": {"type": "integer", "minimum": 1, "maximum": 30, "description": "Age of majority in years."}},
        required=("age",),
    ),
)
def minor_without_consent(params, ctx: Context, site: str | None):
    """The client is younger than `age` on the appointment date and no guardian consent is on file."""
    born, day = ctx.snapshot.date_of_birth, ctx.date
    age = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    if age >= params["age"] or ctx.snapshot.guardian_consent:
        return ()
    text = gettext_noop("aged %(age)s on the appointment date, no guardian consent on file")
    return (ctx.snapshot.cite(text, age=age),)
