"""Shared by the ZE5xx rules: parse each filter site once and turn filter problems into violations."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from zeroetl_lint.artifacts.data_filter import FilterProblem, ParsedFilter, parse_filter
from zeroetl_lint.artifacts.data_filter_caret import render_caret
from zeroetl_lint.findings import Related, Violation
from zeroetl_lint.project import FilterSite, Project


@lru_cache(maxsize=256)
def parsed(text: str) -> ParsedFilter:
    """Parsing is pure, and every ZE5xx rule needs the same parse of the same text."""
    return parse_filter(text)


def sites(project: Project) -> Iterator[tuple[FilterSite, ParsedFilter]]:
    """Every filter of the run that has text, with its parse."""
    for site in project.filters:
        if site.text is not None:
            yield site, parsed(site.text)


def label(site: FilterSite) -> str:
    if site.integration is not None:
        return f"DataFilter of {site.integration.label}"
    return "--filter" if site.object == "--filter" else f"filter in {site.object}"


def clause_at(parsed_filter: ParsedFilter, offset: int) -> int:
    """1-based index of the clause written around offset (counting top-level commas)."""
    index, in_regex, in_quote = 1, False, False
    text = parsed_filter.text
    for position, char in enumerate(text[:offset]):
        if char == "/" and not in_quote and (position == 0 or text[position - 1] != "\\"):
            in_regex = not in_regex
        elif char == '"' and not in_regex:
            in_quote = not in_quote
        elif char == "," and not in_regex and not in_quote:
            index += 1
    return index


def violation(site: FilterSite, problem: FilterProblem, related: Iterable[Related] = ()) -> Violation:
    """A finding inside the filter: located at the offending characters, shown with a caret."""
    assert site.text is not None
    clause = clause_at(parsed(site.text), problem.start)
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
