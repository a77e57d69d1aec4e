"""Characters, limits, parts per engine, database regexes and database counts, with limits from the rulebook."""

from __future__ import annotations

from zeroetl_lint.artifacts.data_filter.parser import parse_filter
from zeroetl_lint.model.data_filter.validate import (
    check_characters,
    check_database_count,
    check_database_regex,
    check_limits,
    check_parts,
    included_databases,
)
from zeroetl_lint.rulebook import load_rulebook

FACTS = load_rulebook().data_filters  # the shipped facts, as a run passes them in


def test_each_character_outside_the_api_set_is_reported_at_its_offset() -> None:
    text = "include: db.s./t(a|b)/, include: café.s.t\n"
    problems = check_characters(parse_filter(text), FACTS)
    assert [text[p.start] for p in problems] == ["(", "|", ")", "é", "\n"]
    assert all(p.end == p.start + 1 for p in problems)
    assert "A-Z a-z 0-9 _ space" in problems[0].message
    assert "(U+00E9)" in problems[3].message
    assert "a line break" in problems[4].message


def test_every_allowed_character_passes() -> None:
    text = 'AZaz09_ "\\-$,*.:?+/'
    assert check_characters(parse_filter(text), FACTS) == ()


def test_shell_quotes_get_their_own_message_and_inner_single_quotes_another() -> None:
    problems = check_characters(parse_filter("'include: 'my db'.s.t'"), FACTS)
    assert [p.start for p in problems] == [0, 10, 16, 21]
    assert "remove the shell quotes" in problems[0].message
    assert "remove the shell quotes" in problems[3].message
    assert "double quotes" in problems[1].message


def test_limits_come_from_the_rulebook() -> None:
    tight = FACTS.model_copy(update={
        "max_length": FACTS.max_length.model_copy(update={"value": 10}),
        "max_patterns": FACTS.max_patterns.model_copy(update={"value": 1}),
        "max_pattern_length": FACTS.max_pattern_length.model_copy(update={"value": 5}),
    })
    text = "include: a.b.c, include: dd.e.f"
    messages = [p.message for p in check_limits(parse_filter(text), tight)]
    assert len(messages) == 3
    assert "at most 10" in messages[0]
    assert "2 patterns" in messages[1]
    assert "pattern 2 is 6 characters" in messages[2]
    assert check_limits(parse_filter(text), FACTS) == ()


def test_maximum_length_is_inclusive() -> None:
    limit = FACTS.max_length.value
    base = "include: db.s.t"
    padded = base + " " * (limit - len(base))
    assert check_limits(parse_filter(padded), FACTS) == ()
    (problem,) = check_limits(parse_filter(padded + " "), FACTS)
    assert (problem.start, problem.end) == (limit, limit + 1)


def test_parts_per_engine() -> None:
    parsed = parse_filter("include: db.t, include: db.s.t, include: db")
    postgres = check_parts(parsed, "postgresql", FACTS)
    assert [(p.start, p.end) for p in postgres] == [(9, 13), (41, 43)]
    assert "PostgreSQL sources need 3: database.schema.table" in postgres[0].message
    mysql = check_parts(parsed, "mysql", FACTS)
    assert [(p.start, p.end) for p in mysql] == [(24, 30), (41, 43)]
    assert "MySQL sources need 2: database.table" in mysql[0].message


def test_database_regex_only_for_postgresql() -> None:
    parsed = parse_filter("include: /db.*/.s.t, include: db./s.*/.t")
    (problem,) = check_database_regex(parsed, "postgresql", FACTS)
    assert (problem.start, problem.end) == (9, 15)
    assert check_database_regex(parsed, "mysql", FACTS) == ()


def test_included_databases_are_literal_includes_in_order() -> None:
    parsed = parse_filter('include: b.*.*, exclude: x.*.*, include: *.s.t, include: /r/.s.t, include: "a".s.t, include: b.s.t')
    assert included_databases(parsed) == ("b", "a")


def test_database_count() -> None:
    limit = FACTS.max_postgresql_databases.value
    text = ", ".join(f"include: db{i}.*.*" for i in range(limit))
    assert check_database_count(parse_filter(text), "postgresql", FACTS) == ()
    text += ", include: db0.s.t, include: extra.*.*"
    (problem,) = check_database_count(parse_filter(text), "postgresql", FACTS)
    assert text[problem.start:problem.end] == "extra"
    assert f"{limit + 1} distinct databases" in problem.message
    assert check_database_count(parse_filter(text), "mysql", FACTS) == ()
