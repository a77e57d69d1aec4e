"""The Project: everything one run reads, joined into the model that rules check."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from zeroetl_lint.findings import Location
from zeroetl_lint.model.deployment import Deployment, Integration
from zeroetl_lint.model.problems import Problem
from zeroetl_lint.rulebook import EngineFamily

if TYPE_CHECKING:
    from zeroetl_lint.artifacts.data_filter.parser import ParsedFilter
    from zeroetl_lint.artifacts.sql.directives import SqlDirective
    from zeroetl_lint.artifacts.schemas import SchemaAnalysis, SchemaInput
    from zeroetl_lint.rulebook import Rulebook



@dataclass(frozen=True, slots=True)
class FilterSite:
    """One data filter to check: from an integration, a .filter file or --filter."""

    text: str | None  # None: the integration has no DataFilter
    engine: EngineFamily | None  # None: the source engine is unknown
    location: Location  # the filter value (or the integration, when there is none)
    object: str  # "Resources/<Id>/Properties/DataFilter", "--filter", or a file path
    integration: Integration | None = None
    # Maps an offset in text to (line, column) in the file; None where positions are unknown.
    position_of: Callable[[int], tuple[int, int] | None] | None = None

    def parsed(self) -> ParsedFilter | None:
        """The filter parsed (cached by the parser), or None when there is no filter text."""
        from zeroetl_lint.artifacts.data_filter.parser import parse_filter

        return None if self.text is None else parse_filter(self.text)

    def databases(self) -> tuple[str, ...]:
        """The databases the filter includes by name (none without a filter)."""
        from zeroetl_lint.artifacts.data_filter.validate import included_databases

        parsed = self.parsed()
        return () if parsed is None else included_databases(parsed)

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


@dataclass
class Project:
    """The inputs of one run as rules see them."""

    rulebook: Rulebook
    deployment: Deployment = field(default_factory=Deployment)
    files: int = 0
    # What reading the inputs could not give the rules, in the order met; the engine reports each
    # under the rule that declares its kind.
    problems: list[Problem] = field(default_factory=list)
    filters: list[FilterSite] = field(default_factory=list)
    # Suppression comments of every SQL file read, with the lines they cover.
    sql_directives: list[SqlDirective] = field(default_factory=list)
    # Every file the run read as an input (templates, manifests, SQL, filters), so that no report
    # or baseline is ever written over one of them.
    inputs: list[str] = field(default_factory=list)
    # Problems with the run's setup that are not findings (an invalid .gitignore line): "where: what".
    warnings: list[str] = field(default_factory=list)
    # Source schemas by database name; filled when SQL is given (see artifacts/schemas.py).
    schemas: dict[str, SchemaInput] = field(default_factory=dict)
    # What every schema rule asks (which tables replicate, what their column types are), answered
    # once per run on first use; see artifacts/schemas.py.
    schema_analysis: SchemaAnalysis | None = None
