"""One data filter to check, parsed once by the loader, with the way back from its offsets to the file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from zeroetl_lint.findings import Location
from zeroetl_lint.model.data_filter.validate import included_databases

if TYPE_CHECKING:
    from zeroetl_lint.model.data_filter.syntax import ParsedFilter
    from zeroetl_lint.model.deployment import Integration
    from zeroetl_lint.rulebook import EngineFamily


@dataclass(frozen=True, slots=True)
class FilterSite:
    """One data filter to check: from an integration, a .filter file or --filter."""

    parsed: ParsedFilter | None  # None: the integration has no DataFilter
    engine: EngineFamily | None  # None: the source engine is unknown
    location: Location  # the filter value (or the integration, when there is none)
    object: str  # "Resources/<Id>/Properties/DataFilter", "--filter", or a file path
    integration: Integration | None = None
    # Maps an offset in text to (line, column) in the file; None where positions are unknown.
    position_of: Callable[[int], tuple[int, int] | None] | None = None

    @property
    def text(self) -> str | None:
        """The filter as written, or None when there is no filter."""
        return None if self.parsed is None else self.parsed.text

    def databases(self) -> tuple[str, ...]:
        """The databases the filter includes by name (none without a filter)."""
        return () if self.parsed is None else included_databases(self.parsed)

    def location_at(self, start: int, end: int | None = None) -> Location:
        """The file location of text[start:end] (end exclusive), falling back to the whole value."""
        if self.position_of is None:
            return self.location
        first = self.position_of(start)
        last = self.position_of(max(start, (end if end is not None else start + 1) - 1))
        if first is None:
            return self.location
        last = last or first
        return Location(self.location.path, first[0], first[1], last[0], last[1])
