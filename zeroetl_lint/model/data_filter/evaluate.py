"""The one place that decides what a data filter replicates, and which clauses can never change that."""

from __future__ import annotations

# Semantics (aws-facts §4): with any filter, evaluation starts from an implicit ``exclude: *.*(.*)``
# and applies the clauses in order, the last matching clause deciding; without a filter a MySQL
# source replicates everything and a PostgreSQL source nothing (ZE506).
#
# Matching decisions where AWS documents nothing: a literal name (quoted or not) matches a name
# that is exactly equal, case-sensitively (Maxwell compiles ``^name$`` case-sensitively; this
# linter compares literally rather than reading a ``.`` in a quoted name as a wildcard); ``*``
# matches any name; a ``/regex/`` must match the whole name (see ``model.data_filter.regex``), and a
# regex with any issue (does not compile, or reads differently in Java) matches nothing. A pattern
# whose number of parts differs from the name's matches nothing (ZE504 reports it).

from dataclasses import dataclass
from enum import Enum

from zeroetl_lint.model.data_filter.regex import compile_regex
from zeroetl_lint.model.data_filter.syntax import Clause, ClauseType, ParsedFilter, Part, PartKind
from zeroetl_lint.rulebook import EngineFamily
from zeroetl_lint.rulebook.data_filters import FilterFacts

__all__ = [
    "Decision",
    "ShadowReason",
    "Shadowed",
    "clause_matches",
    "covers",
    "evaluate",
    "part_matches",
    "shadowed_clauses",
]


@dataclass(frozen=True, slots=True)
class Decision:
    """Whether a table replicates, and the 1-based index of the deciding clause (None: no clause matched)."""

    replicated: bool
    clause_index: int | None


class ShadowReason(str, Enum):
    """Why a clause can never change the outcome."""

    OVERRIDDEN = "overridden"  # a later clause matches everything it matches
    REPEATED = "repeated"  # it repeats an earlier clause with nothing of the other type in between


@dataclass(frozen=True, slots=True)
class Shadowed:
    """Clause ``clause`` (1-based) is made redundant by clause ``by``, for ``reason``."""

    clause: int
    reason: ShadowReason
    by: int


def part_matches(part: Part, name: str) -> bool:
    """Whether one pattern part matches one name."""
    if part.kind is PartKind.STAR:
        return True
    if part.kind is PartKind.NAME:
        return part.value == name
    compiled = compile_regex(part.value)
    return compiled is not None and compiled.fullmatch(name) is not None


def clause_matches(clause: Clause, name_parts: tuple[str, ...]) -> bool:
    """Whether a clause's pattern matches a qualified name, part by part."""
    return len(clause.parts) == len(name_parts) and all(
        part_matches(part, name) for part, name in zip(clause.parts, name_parts)
    )


def evaluate(parsed: ParsedFilter | None, name_parts: tuple[str, ...], engine: EngineFamily) -> Decision:
    """Whether ``db.schema.table`` (or ``db.table``) replicates under the filter, and which clause decided.

    ``parsed`` is None (or blank text) when the integration has no filter.
    """
    if parsed is None or not parsed.text.strip():
        return Decision(engine == "mysql", None)
    for clause in reversed(parsed.clauses):  # the last matching clause wins
        if clause_matches(clause, name_parts):
            return Decision(clause.type is ClauseType.INCLUDE, clause.index)
    return Decision(False, None)


def covers(later: Part, earlier: Part) -> bool:
    """Whether ``later`` certainly matches every name ``earlier`` matches (regexes: only textually)."""
    if later.kind is PartKind.STAR:
        return True
    if earlier.kind is PartKind.NAME:
        return part_matches(later, earlier.value)
    return later.kind is earlier.kind is PartKind.REGEX and later.value == earlier.value


def _key(clause: Clause) -> tuple[tuple[PartKind, str], ...]:
    """A clause's normalised pattern: quoting of a plain name does not make it different."""
    return tuple((part.kind, part.value) for part in clause.parts)


def _repeats(clauses: list[Clause], earlier: int, later: int) -> bool:
    """``later`` repeats ``earlier`` and only clauses of the same type stand between them."""
    first, second = clauses[earlier], clauses[later]
    return (
        first.type is second.type
        and _key(first) == _key(second)
        and all(c.type is first.type for c in clauses[earlier + 1:later])
    )


def shadowed_clauses(parsed: ParsedFilter, engine: EngineFamily, facts: FilterFacts) -> list[Shadowed]:
    """Clauses that can never change whether any table replicates (ZE508), in clause order.

    A later clause covering a clause decides every name the clause matches. An exact repeat with
    only same-type clauses in between is reported on the repeat (deleting it is what the author
    expects); otherwise the earlier one is the clause that never decides. Patterns of the wrong
    shape for the engine are left to ZE504. A filter with more patterns than an integration accepts
    is not compared pair by pair: ZE503 rejects it, and the comparison grows with the square of its
    length (a 4,000-clause filter would take minutes).
    """
    if len(parsed.clauses) > facts.max_patterns.value:
        return []
    size = facts.parts_per_engine.for_engine(engine)
    clauses = [c for c in parsed.clauses if len(c.parts) == size]
    found: list[Shadowed] = []
    for i, clause in enumerate(clauses):
        repeat_of = next((j for j in range(i) if _repeats(clauses, j, i)), None)
        if repeat_of is not None:
            found.append(Shadowed(clause.index, ShadowReason.REPEATED, clauses[repeat_of].index))
            continue
        for j in range(i + 1, len(clauses)):
            later = clauses[j]
            if _repeats(clauses, i, j):
                continue  # reported on the repeat instead
            if all(covers(lp, ep) for lp, ep in zip(later.parts, clause.parts)):
                found.append(Shadowed(clause.index, ShadowReason.OVERRIDDEN, later.index))
                break
    return found
