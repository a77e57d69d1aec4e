"""Hypothesis properties: the parser never raises, printing round-trips, and evaluation is ordered as specified."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zeroetl_lint.artifacts.data_filter.parser import parse_filter
from zeroetl_lint.model.data_filter.syntax import ClauseType, ParsedFilter, PartKind, normalise
from zeroetl_lint.model.data_filter.validate import check_characters, check_limits, check_parts
from zeroetl_lint.model.data_filter.evaluate import Decision, clause_matches, evaluate, shadowed_clauses
from zeroetl_lint.model.data_filter.regex import check_regexes
from zeroetl_lint.rulebook import load_rulebook

FILTER_ALPHABET = 'abcXYZ019_ "\\-$,*.:?+/\'`()[]|^é\n\t='
KEYWORDS = st.sampled_from(["include", "exclude", "INCLUDE", "Exclude", "blacklist", "includ"])
SPACE = st.sampled_from(["", " ", "  "])


def structure(parsed: ParsedFilter) -> list[tuple[ClauseType, tuple[tuple[PartKind, str], ...]]]:
    return [(c.type, tuple((p.kind, p.value) for p in c.parts)) for c in parsed.clauses]


filter_like = st.lists(
    st.one_of(st.text(FILTER_ALPHABET, max_size=12), KEYWORDS, st.just(": "), st.just("."), st.just(", ")),
    max_size=16,
).map("".join)

FACTS = load_rulebook().data_filters  # the shipped facts, as a run passes them in


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=60), filter_like))
def test_parser_never_raises_and_spans_are_in_bounds(text: str) -> None:
    parsed = parse_filter(text)
    for problem in (*parsed.problems, *check_characters(parsed, FACTS), *check_limits(parsed, FACTS),
                    *check_parts(parsed, "postgresql", FACTS), *check_regexes(parsed)):
        assert 0 <= problem.start <= problem.end <= len(text)
        assert problem.message and problem.fix
    previous_end = 0
    for clause in parsed.clauses:
        assert previous_end <= clause.start < clause.end <= len(text)
        previous_end = clause.end
        for part in clause.parts:
            source = text[part.start:part.end]
            if part.kind is PartKind.STAR:
                assert source == "*"
            elif part.kind is PartKind.REGEX:
                assert source == f"/{part.value}/"
            elif not part.quoted:
                assert source == part.value
    shadowed_clauses(parsed, "postgresql", FACTS)
    evaluate(parsed, ("a", "b", "c"), "postgresql")


@settings(max_examples=300)
@given(filter_like)
def test_normalised_clauses_parse_back_to_the_same_structure(text: str) -> None:
    parsed = parse_filter(text)
    printed = normalise(parsed)
    again = parse_filter(printed)
    assert structure(again) == structure(parsed)
    if parsed.clauses:
        assert again.ok
    assert normalise(again) == printed


name_part = st.one_of(
    st.from_regex(r"[A-Za-z0-9_]{1,8}", fullmatch=True).map(lambda n: (n, n, PartKind.NAME)),
    st.text('ab -$.,*:?+/"\\', min_size=1, max_size=8).map(
        lambda n: ('"' + n.replace("\\", "\\\\").replace('"', '\\"') + '"', n, PartKind.NAME)),
    st.just(("*", "*", PartKind.STAR)),
    st.text("ab.*+?_-$ ", min_size=1, max_size=6).map(lambda r: (f"/{r}/", r, PartKind.REGEX)),
    st.text("ab.", min_size=1, max_size=3).map(lambda r: (f"/{r}\\//", r + "\\/", PartKind.REGEX)),
)


@st.composite
def written_filters(draw: st.DrawFn) -> tuple[str, list[tuple[ClauseType, tuple[tuple[PartKind, str], ...]]]]:
    clauses = []
    pieces = []
    for _ in range(draw(st.integers(1, 5))):
        keyword = draw(st.sampled_from(["include", "exclude", "Include", "EXCLUDE"]))
        parts = draw(st.lists(name_part, min_size=1, max_size=4))
        dot = draw(SPACE) + "." + draw(SPACE)
        pieces.append(keyword + draw(SPACE) + ":" + draw(SPACE) + dot.join(p[0] for p in parts))
        clauses.append((ClauseType(keyword.lower()), tuple((p[2], p[1]) for p in parts)))
    separator = draw(SPACE) + "," + draw(SPACE)
    return draw(SPACE) + separator.join(pieces) + draw(SPACE), clauses


@settings(max_examples=300)
@given(written_filters())
def test_written_filters_parse_exactly_and_round_trip(case: tuple[str, list]) -> None:  # type: ignore[type-arg]
    text, expected = case
    parsed = parse_filter(text)
    assert parsed.ok, parsed.problems
    assert structure(parsed) == expected
    assert [c.index for c in parsed.clauses] == list(range(1, len(expected) + 1))
    assert structure(parse_filter(normalise(parsed))) == expected


names = st.tuples(*(st.sampled_from(["a", "b", "ab", "table_1"]) for _ in range(3)))
simple_part = st.sampled_from(["a", "b", "ab", "table_1", "*", "/a.*/", "/table_\\d/", '"ab"'])
simple_clause = st.tuples(st.sampled_from(["include", "exclude"]), st.tuples(simple_part, simple_part, simple_part)).map(
    lambda c: f"{c[0]}: {'.'.join(c[1])}")


@settings(max_examples=300)
@given(st.lists(simple_clause, min_size=1, max_size=6), names)
def test_evaluation_is_deterministic_and_the_last_matching_clause_decides(clauses: list[str], name: tuple[str, ...]) -> None:
    parsed = parse_filter(", ".join(clauses))
    decision = evaluate(parsed, name, "postgresql")
    assert decision == evaluate(parse_filter(", ".join(clauses)), name, "postgresql")
    matching = [c for c in parsed.clauses if clause_matches(c, name)]
    if matching:
        assert decision == Decision(matching[-1].type is ClauseType.INCLUDE, matching[-1].index)
    else:
        assert decision == Decision(False, None)


@settings(max_examples=300)
@given(st.lists(simple_clause, min_size=1, max_size=5), names, st.sampled_from(["include", "exclude"]))
def test_appending_a_matching_clause_makes_it_decide(clauses: list[str], name: tuple[str, ...], kind: str) -> None:
    text = ", ".join([*clauses, f"{kind}: {'.'.join(name)}"])
    assert evaluate(parse_filter(text), name, "postgresql") == Decision(kind == "include", len(clauses) + 1)
    prefixed = ", ".join([f"{kind}: {'.'.join(name)}", *clauses])
    before = evaluate(parse_filter(", ".join(clauses)), name, "postgresql")
    after = evaluate(parse_filter(prefixed), name, "postgresql")
    if before.clause_index is not None:  # an earlier clause cannot override a later decision
        assert after == Decision(before.replicated, before.clause_index + 1)
    else:
        assert after == Decision(kind == "include", 1)


@settings(max_examples=300)
@given(st.lists(simple_clause, min_size=1, max_size=6), st.lists(names, min_size=1, max_size=8))
def test_removing_a_shadowed_clause_never_changes_an_outcome(clauses: list[str], tables: list[tuple[str, ...]]) -> None:
    parsed = parse_filter(", ".join(clauses))
    for entry in shadowed_clauses(parsed, "postgresql", FACTS):
        kept = [c for i, c in enumerate(clauses, start=1) if i != entry.clause]
        reduced = parse_filter(", ".join(kept))
        for table in tables:
            assert evaluate(reduced, table, "postgresql").replicated == evaluate(parsed, table, "postgresql").replicated
