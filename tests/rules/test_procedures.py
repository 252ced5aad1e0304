"""Rules of the `procedure` kind: waiting periods after peels, laser, waxing, injectables, hair work."""

import pytest

from .builders import SCALP, case, check, procedure

CASES = [
    case("PEEL-WINDOW", True, "last day inside: 14 days", procedure("chemical-peel", 14, "face")),
    case("PEEL-WINDOW", False, "first day outside: 15 days", procedure("chemical-peel", 15, "face")),
    case("PEEL-WINDOW", False, "at another site", procedure("chemical-peel", 3, "scalp")),
    case("PEEL-WINDOW", True, "no sites recorded counts everywhere", procedure("chemical-peel", 3)),
    case("LASER-WINDOW", True, "last day inside: 28 days", procedure("laser", 28, "face")),
    case("LASER-WINDOW", False, "first day outside: 29 days", procedure("laser", 29, "face")),
    case("WAX-WINDOW", True, "last day inside: 7 days", procedure("waxing", 7, "face")),
    case("WAX-WINDOW", False, "first day outside: 8 days", procedure("waxing", 8, "face")),
    case("WAX-WINDOW", False, "on the body", procedure("waxing", 2, "body")),
    case("INJECT-WINDOW", True, "last day inside: 14 days", procedure("injectables", 14, "face")),
    case("INJECT-WINDOW", False, "first day outside: 15 days", procedure("injectables", 15, "face")),
    case(
        "HAIR-CHEM-WINDOW",
        True,
        "colouring, last day inside",
        procedure("hair-colouring", 7, "scalp"),
        treatment=SCALP,
    ),
    case("HAIR-CHEM-WINDOW", True, "bleaching", procedure("hair-bleaching", 1), treatment=SCALP),
    case("HAIR-CHEM-WINDOW", True, "perm or relaxer", procedure("perm-relaxer", 0, "scalp"), treatment=SCALP),
    case(
        "HAIR-CHEM-WINDOW",
        False,
        "first day outside: 8 days",
        procedure("hair-colouring", 8),
        treatment=SCALP,
    ),
    case("HAIR-CHEM-WINDOW", False, "scalp only: face booked", procedure("hair-colouring", 2, "scalp")),
    case(
        "TRANSPLANT-WINDOW",
        True,
        "last day inside: 366 days",
        procedure("hair-transplant", 366, "scalp"),
        treatment=SCALP,
    ),
    case(
        "TRANSPLANT-WINDOW",
        False,
        "first day outside: 367 days",
        procedure("hair-transplant", 367),
        treatment=SCALP,
    ),
    case("TRANSPLANT-WINDOW", False, "scalp only: face booked", procedure("hair-transplant", 30, "scalp")),
]


@pytest.mark.parametrize("case", CASES)
def test_procedure_rules(rules, case):
    check(rules, case)
