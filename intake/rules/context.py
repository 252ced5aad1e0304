"""What a rule kind gets to look at: the client's snapshot and the booking being screened."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from .snapshot import Snapshot

__all__ = ["Context", "at_site", "site_list"]


@dataclass(frozen=True, slots=True)
class Context:
    """One screening: whose history, which treatment, how, how hard, and on what day.

    The site is not here: a kind gets the site to look at as an argument, None for a rule that
    looks at every site. `method` and `intensity` are None when not chosen yet (the client page
    screens every treatment before anything is booked). `cap` is the strictest intensity cap the
    other findings set, filled in only for kinds registered with `reads_cap`.
    """

    snapshot: Snapshot
    treatment: str
    method: str | None
    intensity: str | None
    date: datetime.date
    intensities: Mapping[str, int]
    cap: str | None = None
    capped_by: tuple[str, ...] = ()

    def days_since(self, day: datetime.date) -> int:
        """Days from `day` to the appointment date (negative when `day` is after the appointment)."""
        return (self.date - day).days


def at_site(sites: frozenset[str], site: str | None) -> bool:
    """Whether an entry at `sites` concerns `site` (None: any site).

    An entry recorded without sites counts as being everywhere: the cautious reading.
    """
    return site is None or not sites or site in sites


def site_list(sites: frozenset[str]) -> str:
    """Site codes for evidence, in a stable order."""
    return ", ".join(sorted(sites))
