"""The documented examples parse cleanly, and the invalid forms the docs name are reported."""

from __future__ import annotations

import pytest

from filter_examples import CONSOLE_PATTERNS, DOCUMENTED, unquote
from zeroetl_lint.artifacts.data_filter.parser import parse_filter
from zeroetl_lint.model.data_filter.syntax import normalise
from zeroetl_lint.model.data_filter.validate import (
    check_characters,
    check_database_regex,
    check_limits,
    check_parts,
)
from zeroetl_lint.model.data_filter.regex import check_regexes
from zeroetl_lint.rulebook import EngineFamily, load_rulebook

FACTS = load_rulebook().data_filters  # the shipped facts, as a run passes them in


def all_problems(text: str, engine: EngineFamily) -> list[str]:
    parsed = parse_filter(text)
    return [p.message for p in (
        *parsed.problems, *check_characters(parsed, FACTS), *check_limits(parsed, FACTS),
        *check_parts(parsed, engine, FACTS), *check_database_regex(parsed, engine, FACTS), *check_regexes(parsed))]


@pytest.mark.parametrize(("engine", "value"), DOCUMENTED)
def test_documented_value_without_shell_quotes_has_no_problem(engine: EngineFamily, value: str) -> None:
    text = unquote(value)
    assert all_problems(text, engine) == []
    assert parse_filter(text).clauses


@pytest.mark.parametrize(("engine", "value"), DOCUMENTED)
def test_documented_value_pasted_with_shell_quotes_reports_only_the_quotes(engine: EngineFamily, value: str) -> None:
    parsed = parse_filter(value)
    assert parsed.problems == ()
    assert normalise(parsed) == normalise(parse_filter(unquote(value)))
    characters = check_characters(parse_filter(value), FACTS)
    quotes = [i for i, c in enumerate(value) if c == "'"]
    assert [p.start for p in characters] == quotes
    assert all("remove the shell quotes" in p.message for p in characters)


def test_the_example_missing_its_closing_quote_is_still_one_shell_quote() -> None:
    value = "'include: books.science_fiction.*, exclude: books.*./.*king.*/"
    (problem,) = check_characters(parse_filter(value), FACTS)
    assert (problem.start, problem.end) == (0, 1)
    assert "remove the shell quotes" in problem.message
    assert [c.parts[-1].value for c in parse_filter(value).clauses] == ["*", ".*king.*"]


@pytest.mark.parametrize(("engine", "patterns"), CONSOLE_PATTERNS)
def test_console_patterns_parse_once_each_gets_a_prefix(engine: EngineFamily, patterns: str) -> None:
    text = ", ".join(f"include: {p.strip()}" for p in patterns.split(", "))
    assert all_problems(text, engine) == []


@pytest.mark.parametrize(("engine", "patterns"), CONSOLE_PATTERNS)
def test_console_grouped_form_is_reported_without_prefix(engine: EngineFamily, patterns: str) -> None:
    messages = [p.message for p in parse_filter(patterns).problems]
    assert len(messages) == 2
    assert all("has no `include:` or `exclude:` prefix" in m for m in messages)


def test_invalid_column_filter() -> None:
    (problem,) = parse_filter("include: db.tbl.col = 5").problems
    assert "column-value filters" in problem.message
    assert problem.start == 20


def test_invalid_denylist() -> None:
    (problem,) = parse_filter("blacklist: db.tbl").problems
    assert "denylists" in problem.message
    assert (problem.start, problem.end) == (0, 9)


def test_invalid_regex_in_postgresql_database_part() -> None:
    parsed = parse_filter("include: /books.*/.*.*")
    (problem,) = check_database_regex(parsed, "postgresql", FACTS)
    assert (problem.start, problem.end) == (9, 18)
    assert check_database_regex(parsed, "mysql", FACTS) == ()


def test_invalid_too_many_patterns_and_too_long_pattern() -> None:
    text = ", ".join(f"include: db.s.t{i}" for i in range(100))
    (problem,) = check_limits(parse_filter(text), FACTS)
    assert "100 patterns" in problem.message and "at most 99" in problem.message
    assert problem.start == text.index("include: db.s.t99")
    long_name = "t" * 252
    text = f"include: db.s.{long_name}"  # 257 characters of pattern
    (problem,) = check_limits(parse_filter(text), FACTS)
    assert "257 characters" in problem.message
    assert (problem.start, problem.end) == (9, len(text))
    assert check_limits(parse_filter(text[:-1]), FACTS) == ()
