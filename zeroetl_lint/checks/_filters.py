"""Shared by the ZE5xx rules: the filters of a run with their parse, and filter problems as violations."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from zeroetl_lint.artifacts.data_filter.parser import FilterProblem, ParsedFilter, parse_filter
from zeroetl_lint.artifacts.data_filter.caret import render_caret
from zeroetl_lint.findings import Related, Violation
from zeroetl_lint.model.project import FilterSite, Project
from zeroetl_lint.rulebook import EngineFamily

EngineCheck = Callable[[ParsedFilter, EngineFamily], Iterable[FilterProblem]]


def sites(project: Project) -> Iterator[tuple[FilterSite, ParsedFilter]]:
    """Every filter of the run that has text, with its parse."""
    for site in project.filters:
        parsed = site.parsed()
        if parsed is not None:
            yield site, parsed


def engine_violations(project: Project, check: EngineCheck) -> Iterator[Violation]:
    """Violations of a check that depends on the source engine; filters of unknown engine are skipped
    (ZE902 says why)."""
    for site, parsed in sites(project):
        if site.engine is not None:
            yield from violations(site, check(parsed, site.engine))


def label(site: FilterSite) -> str:
    if site.integration is not None:
        return f"{site.integration.resource.vocabulary.name('data_filter')} of {site.integration.label}"
    return "--filter" if site.object == "--filter" else f"filter in {site.object}"


def clause_at(parsed_filter: ParsedFilter, offset: int) -> int:
    """1-based index of the clause written around offset.

    A complete clause knows its index; inside a clause the parser rejected, count the top-level
    commas before the offset the way the parser splits (slashes, quotes and escapes respected).
    """
    for clause in parsed_filter.clauses:
        if clause.start <= offset < max(clause.end, clause.start + 1):
            return clause.index
    index, closing = 1, ""
    text = parsed_filter.text
    position = 0
    while position < min(offset, len(text)):
        char = text[position]
        if char == "\\" and closing:
            position += 2  # an escaped character never opens or closes anything
            continue
        if closing:
            if char == closing:
                closing = ""
        elif char in "/\"'`":
            closing = char
        elif char == ",":
            index += 1
        position += 1
    return index


def violation(site: FilterSite, problem: FilterProblem, related: Iterable[Related] = ()) -> Violation:
    """A finding inside the filter: located at the offending characters, shown with a caret."""
    assert site.text is not None
    clause = clause_at(parse_filter(site.text), problem.start)
    return Violation(
        message=f"{label(site)}: {problem.message}",
        fix=problem.fix,
        location=site.location_at(problem.start, problem.end),
        object=f"{site.object}[{clause}]",
        related=tuple(related),
        excerpt=render_caret(site.text, problem.start, problem.end),
    )


def violations(site: FilterSite, problems: Iterable[FilterProblem]) -> Iterator[Violation]:
    for problem in problems:
        yield violation(site, problem)
