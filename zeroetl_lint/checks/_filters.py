"""Shared by the ZE5xx rules: the filters of a run with their parse, and filter problems as violations with a caret."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from zeroetl_lint.findings import Related, Violation
from zeroetl_lint.model.data_filter.site import FilterSite
from zeroetl_lint.model.data_filter.syntax import FilterProblem, ParsedFilter
from zeroetl_lint.model.project import Project
from zeroetl_lint.rulebook import EngineFamily
from zeroetl_lint.rulebook.data_filters import FilterFacts

_ELLIPSIS = "…"
EngineCheck = Callable[[ParsedFilter, EngineFamily, FilterFacts], Iterable[FilterProblem]]


def sites(project: Project) -> Iterator[tuple[FilterSite, ParsedFilter]]:
    """Every filter of the run that has text, with its parse."""
    for site in project.filters:
        if site.parsed is not None:
            yield site, site.parsed


def engine_violations(project: Project, check: EngineCheck) -> Iterator[Violation]:
    """Violations of a check that depends on the source engine; filters of unknown engine are skipped
    (ZE902 says why)."""
    for site, parsed in sites(project):
        if site.engine is not None:
            yield from violations(site, check(parsed, site.engine, project.rulebook.data_filters))


def label(site: FilterSite) -> str:
    if site.integration is not None:
        return f"{site.integration.resource.vocabulary.name('data_filter')} of {site.integration.label}"
    return "--filter" if site.object == "--filter" else f"filter in {site.object}"


def violation(site: FilterSite, problem: FilterProblem, related: Iterable[Related] = ()) -> Violation:
    """A finding inside the filter: located at the offending characters, shown with a caret."""
    assert site.parsed is not None
    clause = site.parsed.clause_at(problem.start)
    return Violation(
        message=f"{label(site)}: {problem.message}",
        fix=problem.fix,
        location=site.location_at(problem.start, problem.end),
        object=f"{site.object}[{clause}]",
        related=tuple(related),
        excerpt=render_caret(site.parsed.text, problem.start, problem.end),
    )


def violations(site: FilterSite, problems: Iterable[FilterProblem]) -> Iterator[Violation]:
    for problem in problems:
        yield violation(site, problem)


def _visible(char: str) -> str:
    # One column per character keeps the carets aligned; line breaks and tabs would break the line.
    return char if char.isprintable() else "·"


def render_caret(filter_text: str, start: int, end: int, width: int = 100) -> str:
    """Two lines: the filter (at most ``width`` characters plus ellipses) and ``^`` under ``start``..``end``.

    A zero-width span (``start == end``) gets one caret, after the text when it points at the end.
    """
    length = len(filter_text)
    start = min(max(start, 0), length)
    end = min(max(end, start), length)
    span = max(end - start, 1)
    low, high = 0, length
    if length > width:
        # Centre the problem, keeping as much of the span as fits.
        shown_span = min(span, width)
        low = max(0, start - (width - shown_span) // 2)
        high = min(length, low + width)
        low = max(0, high - width)
    head = _ELLIPSIS if low > 0 else ""
    tail = _ELLIPSIS if high < length else ""
    line = head + "".join(_visible(c) for c in filter_text[low:high]) + tail
    caret_start = len(head) + (start - low)
    caret_length = max(1, min(span, high - start))
    return f"{line}\n{' ' * caret_start}{'^' * caret_length}"
