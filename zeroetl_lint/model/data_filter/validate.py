"""Checks of a parsed data filter against the API's character set, limits and per-engine pattern shape, with facts passed in."""

from __future__ import annotations

from zeroetl_lint.model.data_filter.syntax import ClauseType, FilterProblem, ParsedFilter, PartKind
from zeroetl_lint.rulebook import EngineFamily
from zeroetl_lint.rulebook.data_filters import FilterFacts

__all__ = [
    "check_characters",
    "check_database_count",
    "check_database_regex",
    "check_limits",
    "check_parts",
    "included_databases",
]

_ENGINE_NAMES = {"postgresql": "PostgreSQL", "mysql": "MySQL"}
_SHAPES = {"postgresql": "database.schema.table", "mysql": "database.table"}


def _char_name(char: str) -> str:
    if char == "\n":
        return "a line break"
    if char == "\t":
        return "a tab"
    if char.isprintable() and char != " ":
        return f"`{char}` (U+{ord(char):04X})" if not char.isascii() else f"`{char}`"
    return f"U+{ord(char):04X}"


def check_characters(parsed: ParsedFilter, facts: FilterFacts) -> tuple[FilterProblem, ...]:
    """One problem for every character outside the API's set; shell quotes get their own message."""
    allowed = facts.allowed_characters
    shell = set(parsed.shell_quotes)
    problems: list[FilterProblem] = []
    for offset, char in enumerate(parsed.text):
        if allowed.allows(char):
            continue
        if offset in shell:
            message = (f"{_char_name(char)} wraps the whole filter: shell quotes are not part of the value "
                       "and the API rejects them; remove the shell quotes")
            fix = "Remove the shell quotes around the filter."
        elif char in "'`":
            message = f"{_char_name(char)} is not allowed in a data filter; names are quoted with double quotes"
            fix = 'Quote the name with double quotes: "name".'
        else:
            message = (f"{_char_name(char)} is not allowed in a data filter; the API accepts only "
                       f"{allowed.summary}")
            fix = ("Remove the character; a regular expression cannot use ( ) [ ] { } | ^ and a name "
                   "with such characters cannot be filtered by name.")
        problems.append(FilterProblem(offset, offset + 1, message, fix))
    return tuple(problems)


def check_limits(parsed: ParsedFilter, facts: FilterFacts) -> tuple[FilterProblem, ...]:
    """Filter length, number of patterns and length of each pattern."""
    problems: list[FilterProblem] = []
    text = parsed.text
    max_length = facts.max_length.value
    if len(text) > max_length:
        problems.append(FilterProblem(
            max_length, len(text),
            f"the filter is {len(text):,} characters long; the API accepts at most {max_length:,}",
            "Shorten the filter, e.g. with one regex or `*` instead of many literal names."))
    max_patterns = facts.max_patterns.value
    if len(parsed.clauses) > max_patterns:
        first_extra = parsed.clauses[max_patterns]
        problems.append(FilterProblem(
            first_extra.start, parsed.clauses[-1].end,
            f"the filter has {len(parsed.clauses)} patterns; an integration accepts at most {max_patterns}",
            "Merge patterns with `*` or a regular expression."))
    max_pattern_length = facts.max_pattern_length.value
    for clause in parsed.clauses:
        length = clause.pattern_end - clause.pattern_start
        if length > max_pattern_length:
            problems.append(FilterProblem(
                clause.pattern_start, clause.pattern_end,
                f"pattern {clause.index} is {length} characters long; a pattern may have at most "
                f"{max_pattern_length}",
                "Shorten the pattern or split it into several clauses."))
    return tuple(problems)


def check_parts(parsed: ParsedFilter, engine: EngineFamily, facts: FilterFacts) -> tuple[FilterProblem, ...]:
    """Patterns whose number of dot-separated parts does not fit the source engine."""
    wanted = facts.parts_per_engine.for_engine(engine)
    problems: list[FilterProblem] = []
    for clause in parsed.clauses:
        if len(clause.parts) == wanted:
            continue
        written = parsed.text[clause.pattern_start:clause.pattern_end]
        problems.append(FilterProblem(
            clause.pattern_start, clause.pattern_end,
            f"`{written}` has {len(clause.parts)} part{'s' if len(clause.parts) != 1 else ''}; "
            f"{_ENGINE_NAMES[engine]} sources need {wanted}: {_SHAPES[engine]}",
            f"Write the pattern as {_SHAPES[engine]}"
            + (", e.g. `mydb.*.*` for a whole database." if engine == "postgresql" else ", e.g. `mydb.*`.")))
    return tuple(problems)


def check_database_regex(parsed: ParsedFilter, engine: EngineFamily, facts: FilterFacts) -> tuple[FilterProblem, ...]:
    """Regexes in the database part where the engine does not allow them (PostgreSQL sources)."""
    if facts.database_regex_allowed.for_engine(engine):
        return ()
    return tuple(
        FilterProblem(
            clause.parts[0].start, clause.parts[0].end,
            f"`/{clause.parts[0].value}/` is a regular expression in the database part; "
            f"{_ENGINE_NAMES[engine]} sources accept regular expressions only in the schema and table parts",
            "Name each database literally, one clause per database.")
        for clause in parsed.clauses
        if clause.parts[0].kind is PartKind.REGEX
    )


def included_databases(parsed: ParsedFilter) -> tuple[str, ...]:
    """Distinct databases named literally by ``include:`` clauses, in order of first appearance."""
    seen: dict[str, None] = {}
    for clause in parsed.clauses:
        first = clause.parts[0]
        if clause.type is ClauseType.INCLUDE and first.kind is PartKind.NAME:
            seen.setdefault(first.value, None)
    return tuple(seen)


def check_database_count(parsed: ParsedFilter, engine: EngineFamily, facts: FilterFacts) -> tuple[FilterProblem, ...]:
    """More distinct included databases than a PostgreSQL-source integration replicates."""
    if engine != "postgresql":
        return ()
    limit = facts.max_postgresql_databases.value
    databases = included_databases(parsed)
    if len(databases) <= limit:
        return ()
    first_extra = databases[limit]
    clause = next(c for c in parsed.clauses
                  if c.type is ClauseType.INCLUDE and c.parts[0].kind is PartKind.NAME
                  and c.parts[0].value == first_extra)
    return (FilterProblem(
        clause.parts[0].start, clause.parts[0].end,
        f"the filter includes {len(databases)} distinct databases; a PostgreSQL-source integration "
        f"replicates at most {limit} (`{first_extra}` is number {limit + 1})",
        "Split the databases over several integrations."),)
