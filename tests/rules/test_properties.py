"""Properties of screening over generated histories (hypothesis): monotone in facts, blind to order."""

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake.rules.findings import Level

from .builders import FACE, SCALP, screen_document

SITES = ["face", "scalp", "neck", "chest", "back", "hands", "body"]
CONDITIONS = [
    "eczema", "psoriasis", "rosacea", "acne", "seborrheic-dermatitis", "folliculitis", "skin-infection",
    "herpes-simplex", "suspicious-lesion", "diabetes",
]  # fmt: skip
STATUSES = ["active", "recurrence", "relapse", "inactive", "remission", "resolved"]
MEDICATIONS = [
    "isotretinoin", "topical-retinoid", "aha-bha", "anticoagulant", "oral-steroid", "immunosuppressant",
    "photosensitising", "minoxidil",
]  # fmt: skip
PROCEDURES = [
    "chemical-peel", "laser", "waxing", "injectables", "surgery", "hair-colouring", "hair-bleaching",
    "perm-relaxer", "hair-transplant",
]  # fmt: skip
YES_NO = {"pregnant", "breastfeeding", "aluminium_allergy", "keloid_scarring"}

days = st.dates(min_value=datetime.date(2025, 1, 1), max_value=datetime.date(2027, 12, 31))
iso_days = days.map(datetime.date.isoformat)
site_lists = st.lists(st.sampled_from(SITES), unique=True, max_size=3)
conditions = st.fixed_dictionaries(
    {"code": st.sampled_from(CONDITIONS), "status": st.sampled_from(STATUSES), "sites": site_lists}
)
medications = st.fixed_dictionaries(
    {"code": st.sampled_from(MEDICATIONS), "current": st.booleans(), "last_taken": st.none() | iso_days}
)
procedures = st.fixed_dictionaries(
    {"code": st.sampled_from(PROCEDURES), "date": iso_days, "sites": site_lists}
)
visits = st.fixed_dictionaries({"treatment": st.sampled_from([FACE, SCALP]), "date": iso_days})
documents = st.fixed_dictionaries(
    {
        "intake_date": iso_days,
        "intake_version": st.integers(1, 9),
        "client": st.fixed_dictionaries(
            {
                "date_of_birth": st.dates(datetime.date(1950, 1, 1), datetime.date(2015, 1, 1)).map(
                    datetime.date.isoformat
                ),
                "guardian_consent": st.booleans(),
            }
        ),
        "skin": st.fixed_dictionaries({"sensitive": st.booleans()}),
        "conditions": st.lists(conditions, max_size=4),
        "medications": st.lists(medications, max_size=3),
        "procedures": st.lists(procedures, max_size=3),
        "answers": st.fixed_dictionaries(
            {name: st.booleans() for name in YES_NO}
            | {"sunburn_sites": site_lists, "broken_skin_sites": site_lists}
        ),
        "previous_sessions": st.lists(visits, max_size=3),
        "consultations": st.lists(visits, max_size=2),
        "dermatologist_clearance": st.none() | st.fixed_dictionaries({"date": iso_days}),
    }
)
bookings = st.fixed_dictionaries(
    {
        "treatment": st.sampled_from([FACE, SCALP]),
        "site": st.sampled_from(SITES),
        "date": days,
        "method": st.none() | st.sampled_from(["crystal", "diamond-tip"]),
        "intensity": st.none() | st.sampled_from(["gentle", "standard", "intense"]),
    }
)
# A fact that can only count against treating: (where it goes in the document, the entry or answer).
facts = st.one_of(
    st.tuples(st.just("conditions"), conditions),
    st.tuples(st.just("medications"), medications),
    st.tuples(st.just("procedures"), procedures),
    st.tuples(st.just("answers"), st.sampled_from(sorted(YES_NO))),
    st.tuples(st.just("skin"), st.just("sensitive")),
    st.tuples(st.sampled_from(["sunburn_sites", "broken_skin_sites"]), st.sampled_from(SITES)),
)
PROPERTY = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def severity(level: Level | None) -> int:
    """A level as a number, nothing found being the mildest of all."""
    return int(level or 0)


def with_fact(data: dict, fact: tuple) -> dict:
    """A copy of the document that also reports the fact."""
    where, what = fact
    data = {**data, "answers": dict(data["answers"]), "skin": dict(data["skin"])}
    if where in ("conditions", "medications", "procedures"):
        data[where] = [*data[where], what]
    elif where in ("answers", "skin"):
        data[where][what] = True
    else:
        data["answers"][where] = sorted({*data["answers"][where], what})
    return data


@PROPERTY
@given(data=documents, booking=bookings, fact=facts)
def test_adding_a_contraindicating_fact_never_makes_the_worst_level_milder(rules, data, booking, fact):
    before = screen_document(rules, data, **booking)
    after = screen_document(rules, with_fact(data, fact), **booking)

    assert severity(after.worst) >= severity(before.worst)
    assert {finding.code for finding in before.findings} <= {finding.code for finding in after.findings}


@PROPERTY
@given(data=documents, booking=bookings, draw=st.data())
def test_the_result_does_not_depend_on_the_order_of_entries(rules, data, booking, draw):
    shuffled = dict(data)
    for key in ("conditions", "medications", "procedures", "previous_sessions", "consultations"):
        entries = [
            {**entry, "sites": draw.draw(st.permutations(entry["sites"]))} if "sites" in entry else entry
            for entry in data[key]
        ]
        shuffled[key] = draw.draw(st.permutations(entries))

    assert (
        screen_document(rules, shuffled, **booking).as_dict()
        == screen_document(rules, data, **booking).as_dict()
    )


@PROPERTY
@given(data=documents, booking=bookings)
def test_findings_come_most_severe_first_one_per_rule_and_the_cap_is_the_strictest(rules, data, booking):
    result = screen_document(rules, data, **booking)

    keys = [(-finding.level, finding.code) for finding in result.findings]
    assert keys == sorted(keys)
    assert len({finding.code for finding in result.findings}) == len(result.findings)
    caps = [finding.max_intensity for finding in result.findings if finding.max_intensity]
    assert result.max_intensity == (min(caps, key=rules.intensities.__getitem__) if caps else None)
