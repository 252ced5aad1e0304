"""Fixtures of the rules tests."""

import pytest

from intake.rules.engine import RuleSet
from intake.rules.loader import screening_context


@pytest.fixture
def rules(db) -> RuleSet:
    """The rule set in force: the default one the data migration loads, unless a test changed it."""
    return screening_context().rules
