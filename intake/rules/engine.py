"""Screening: run every rule of a rule set against a client's snapshot and one booking.

`screen()` is a pure function: it touches no database and reports every finding, most severe
first, never only the first one. What is fatal is the caller's decision: the engine books and
refuses nothing.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from types import MappingProxyType

from . import registry
from .context import Context
from .findings import Evidence, Finding, Level
from .snapshot import Snapshot

__all__ = ["RuleSet", "RuleSpec", "ScreeningResult", "UnknownCode", "screen"]


class UnknownCode(ValueError):
    """A booking names an intensity or a cap the catalogue does not know; never screened as "no finding"."""


def freeze(params: Mapping) -> Mapping:
    """Parameters as read-only values: lists become frozensets, so kinds test membership fast."""
    return MappingProxyType(
        {name: frozenset(value) if isinstance(value, list) else value for name, value in params.items()}
    )


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """One rule, frozen for screening: what `intake.models.Rule` holds, with its kind resolved."""

    code: str
    kind: registry.Kind
    params: Mapping
    level: Level
    treatments: frozenset[str]
    any_site: bool
    message: str
    hint: str
    max_intensity: str | None = None

    @classmethod
    def build(
        cls,
        *,
        code: str,
        kind: str,
        params: Mapping,
        level: str,
        treatments: Iterable[str] = (),
        any_site: bool,
        message: str,
        hint: str,
        max_intensity: str | None = None,
    ) -> "RuleSpec":
        """A rule spec from stored values, refusing an unknown kind or parameters that break its schema.

        `{name}` in the message or hint is replaced by the parameter `name`.
        """
        rule_kind = registry.get(kind)
        rule_kind.validate(dict(params))
        return cls(
            code=code,
            kind=rule_kind,
            params=freeze(params),
            level=Level.from_slug(level),
            treatments=frozenset(treatments),
            any_site=any_site,
            message=message.format_map(params),
            hint=hint.format_map(params),
            max_intensity=max_intensity,
        )

    def applies_to(self, treatment: str) -> bool:
        """Whether the rule covers this treatment (a rule naming no treatment covers them all)."""
        return not self.treatments or treatment in self.treatments

    def finding(self, evidence: tuple[Evidence, ...]) -> Finding:
        """The finding this rule reports on the given evidence."""
        return Finding(self.code, self.level, self.message, self.hint, evidence, self.max_intensity)


@dataclass(frozen=True)
class RuleSet:
    """The rules in force and the intensity ranks (code → rank, 1 the mildest) their caps refer to."""

    rules: tuple[RuleSpec, ...]
    intensities: Mapping[str, int]

    @cached_property
    def _by_treatment(self) -> dict[str, tuple[tuple[RuleSpec, ...], tuple[RuleSpec, ...]]]:
        # Filled in by `for_treatment`: a memo, so each screening walks only the rules that apply.
        return {}

    def for_treatment(self, treatment: str) -> tuple[tuple[RuleSpec, ...], tuple[RuleSpec, ...]]:
        """The rules that cover a treatment: those that run first, and those that read the intensity cap."""
        stages = self._by_treatment.get(treatment)
        if stages is None:
            covering = [rule for rule in self.rules if rule.applies_to(treatment)]
            stages = (
                tuple(rule for rule in covering if not rule.kind.reads_cap),
                tuple(rule for rule in covering if rule.kind.reads_cap),
            )
            self._by_treatment[treatment] = stages
        return stages

    def with_rule(self, spec: RuleSpec, *, enabled: bool = True) -> "RuleSet":
        """This rule set with `spec` added or replacing its namesake (or only removing it, if disabled)."""
        others = tuple(rule for rule in self.rules if rule.code != spec.code)
        return replace(self, rules=others + (spec,) if enabled else others)


@dataclass(frozen=True)
class ScreeningResult:
    """The findings for one booking, most severe first, and what they add up to."""

    treatment: str
    date: datetime.date
    findings: tuple[Finding, ...]
    max_intensity: str | None

    @property
    def worst(self) -> Level | None:
        """The most severe level found, or None when nothing was found."""
        return self.findings[0].level if self.findings else None

    @property
    def outcome(self) -> str:
        """The worst level's slug, or "none" when nothing was found."""
        return self.worst.slug if self.findings else "none"

    def as_dict(self) -> dict:
        """The result exactly as the `screen` command prints it with `--format json`."""
        return {
            "treatment": self.treatment,
            "date": self.date.isoformat(),
            "worst": self.outcome,
            "max_intensity": self.max_intensity,
            "findings": [finding.as_dict() for finding in self.findings],
        }


def screen(
    snapshot: Snapshot,
    *,
    treatment: str,
    site: str,
    date: datetime.date,
    rules: RuleSet,
    method: str | None = None,
    intensity: str | None = None,
) -> ScreeningResult:
    """Screen a booking of `treatment` at `site` on `date` against every rule of the rule set.

    Time windows count back from `date`, the appointment date, never from today. Raises
    UnknownCode for an intensity the rule set's catalogue does not know.
    """
    if intensity is not None and intensity not in rules.intensities:
        raise UnknownCode(f"unknown intensity {intensity!r}")
    context = Context(snapshot, treatment, method, intensity, date, rules.intensities)
    first, cap_readers = rules.for_treatment(treatment)
    findings = []
    for rule in first:
        evidence = rule.kind.check(rule.params, context, None if rule.any_site else site)
        if evidence:
            findings.append(rule.finding(evidence))
    cap, capped_by = strictest_cap(findings, rules.intensities)
    if cap_readers:
        context = replace(context, cap=cap, capped_by=capped_by)
        for rule in cap_readers:
            evidence = rule.kind.check(rule.params, context, None if rule.any_site else site)
            if evidence:
                findings.append(rule.finding(evidence))
    findings.sort(key=lambda finding: (-finding.level, finding.code))
    return ScreeningResult(treatment, date, tuple(findings), cap)


def strictest_cap(
    findings: list[Finding], intensities: Mapping[str, int]
) -> tuple[str | None, tuple[str, ...]]:
    """The mildest intensity any finding caps the booking at, and the codes of the findings that set it."""
    caps = [finding for finding in findings if finding.max_intensity]
    for finding in caps:
        if finding.max_intensity not in intensities:
            raise UnknownCode(f"rule {finding.code} caps at unknown intensity {finding.max_intensity!r}")
    if not caps:
        return None, ()
    cap = min((finding.max_intensity for finding in caps), key=intensities.__getitem__)
    rank = intensities[cap]
    return cap, tuple(sorted(finding.code for finding in caps if intensities[finding.max_intensity] == rank))
