"""Rules of the `medication` kind: isotretinoin, retinoids and acids, blood thinners, steroids, minoxidil."""

import pytest

from .builders import SCALP, case, check, medication

CASES = [
    case("ISO-WINDOW", True, "taken now", medication("isotretinoin", current=True)),
    case("ISO-WINDOW", True, "last day inside: 184 days", medication("isotretinoin", days=184)),
    case("ISO-WINDOW", False, "first day outside: 185 days", medication("isotretinoin", days=185)),
    case("ISO-WINDOW", True, "no date given counts as inside", medication("isotretinoin")),
    case("ISO-WINDOW", False, "another medication", medication("minoxidil", current=True)),
    case("RETINOID-AHA-WINDOW", True, "acids, last day inside", medication("aha-bha", days=7)),
    case("RETINOID-AHA-WINDOW", False, "acids, first day outside", medication("aha-bha", days=8)),
    case("RETINOID-AHA-WINDOW", True, "retinoid now", medication("topical-retinoid", current=True)),
    case("ANTICOAG-CURRENT", True, "taken now", medication("anticoagulant", current=True)),
    case("ANTICOAG-CURRENT", False, "stopped yesterday", medication("anticoagulant", days=1)),
    case("STEROID-IMMUNO-CURRENT", True, "oral steroid now", medication("oral-steroid", current=True)),
    case(
        "STEROID-IMMUNO-CURRENT", True, "immunosuppressant now", medication("immunosuppressant", current=True)
    ),
    case("STEROID-IMMUNO-CURRENT", False, "stopped", medication("oral-steroid", days=3)),
    case("MINOXIDIL", True, "taken now", medication("minoxidil", current=True), treatment=SCALP),
    case("MINOXIDIL", True, "last day inside: 2 days", medication("minoxidil", days=2), treatment=SCALP),
    case("MINOXIDIL", False, "first day outside: 3 days", medication("minoxidil", days=3), treatment=SCALP),
    case("MINOXIDIL", False, "scalp only: face booked", medication("minoxidil", current=True)),
]


@pytest.mark.parametrize("case", CASES)
def test_medication_rules(rules, case):
    check(rules, case)
