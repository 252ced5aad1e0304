"""The consent badge: a warning for a missing or outdated consent, nothing once signed."""

import pytest
from django.template import Context, Template


@pytest.mark.parametrize(
    ("state", "shown"),
    [("missing", "consent missing"), ("outdated", "consent for an older text"), ("signed", ""), (None, "")],
)
def test_badge_for_each_consent_state(state, shown):
    html = Template("{% load screening %}{{ state|consent_badge }}").render(Context({"state": state}))
    assert (shown in html) and (bool(html) == bool(shown))
