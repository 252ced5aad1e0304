"""What screening reports: severity levels, the evidence a finding cites, and the finding itself."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

__all__ = ["Evidence", "Finding", "Level"]


class Level(IntEnum):
    """How serious a finding is; a higher value is more severe, so `max()` gives the worst."""

    ADVICE = 1
    CAUTION = 2
    CONTRAINDICATED = 3

    @property
    def slug(self) -> str:
        """The level as stored and printed: "advice", "caution" or "contraindicated"."""
        return self.name.lower()

    @property
    def label(self) -> str:
        """The level in the user's language."""
        return LEVEL_LABELS[self]

    @classmethod
    def from_slug(cls, slug: str) -> "Level":
        """The level a stored slug names (ValueError for anything else)."""
        try:
            return cls[slug.upper()]
        except KeyError:
            raise ValueError(f"unknown level {slug!r}") from None

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(slug, label) pairs, most severe first, for model and form fields."""
        return [(level.slug, LEVEL_LABELS[level]) for level in sorted(cls, reverse=True)]


LEVEL_LABELS = {
    Level.ADVICE: _("advice"),
    Level.CAUTION: _("caution"),
    Level.CONTRAINDICATED: _("contraindicated"),
}


def format_date(day: datetime.date) -> str:
    """A date as staff read it on screen and in the command output: "20 Nov 2026"."""
    return f"{day.day} {day:%b %Y}"


@dataclass(frozen=True, slots=True)
class Evidence:
    """Which answer a finding rests on, the date that answer carries, and the intake version it is from.

    The answer is kept as a message (marked with gettext_noop) and its values, and only put into
    words when shown: screening stays fast, and the words follow the reader's language.
    """

    text: str
    values: Mapping | None = None
    date: datetime.date | None = None
    intake_version: int | None = None
    intake_date: datetime.date | None = None

    @property
    def answer(self) -> str:
        """The answer in words, e.g. "eczema, active at face, hands"."""
        return gettext(self.text) % self.values if self.values else gettext(self.text)

    def __str__(self) -> str:
        text = f"{self.answer} {format_date(self.date)}" if self.date else self.answer
        if self.intake_date is None:
            return text
        version = f"v{self.intake_version}, " if self.intake_version else ""
        return f"{text} (intake {version}{format_date(self.intake_date)})"


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule that applies to a booking: its stable code, level, what to tell staff, and why."""

    code: str
    level: Level
    message: str
    hint: str
    evidence: tuple[Evidence, ...]
    max_intensity: str | None = None

    @property
    def evidence_text(self) -> str:
        """Every piece of evidence on one line."""
        return "; ".join(str(item) for item in self.evidence)

    def as_dict(self) -> dict:
        """The finding as the `screen` command prints it."""
        return {
            "code": self.code,
            "level": self.level.slug,
            "message": self.message,
            "hint": self.hint,
            "evidence": self.evidence_text,
        }
