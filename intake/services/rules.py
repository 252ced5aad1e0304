"""Writes of rules: every change gives the rule set a new version stamp, so every process reloads it."""

import uuid
from collections.abc import Iterable

from django.utils import timezone

from ..audit import audit_batch
from ..models import Rule, RuleSetVersion, Treatment

__all__ = ["rule_retire", "rule_save", "ruleset_changed"]


def ruleset_changed() -> None:
    """Stamp the rule set with a new token: each process re-reads the rules at its next screening.

    A fresh random token rather than a counter, so a change rolled back can never share a stamp
    with a later one.
    """
    RuleSetVersion.objects.update_or_create(
        pk=1, defaults={"token": uuid.uuid4().hex, "changed_at": timezone.now()}
    )


@audit_batch()
def rule_save(*, rule: Rule, treatments: Iterable[Treatment] | None = None) -> Rule:
    """Validate and save a new or changed rule (and, if given, the treatments it applies to)."""
    rule.full_clean()
    rule.save()
    if treatments is not None:
        rule.treatments.set(treatments)
    ruleset_changed()
    return rule


@audit_batch()
def rule_retire(*, rule: Rule) -> Rule:
    """Retire a rule for good: it stops screening, and its code stays documented and is never reused."""
    rule.enabled = False
    rule.retired_at = timezone.now()
    rule.save(update_fields=["enabled", "retired_at", "updated_at"])
    ruleset_changed()
    return rule
