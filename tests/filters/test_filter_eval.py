"""The evaluator follows AWS's documented logic; ZE508 shadowing is derived from the same matching."""

from __future__ import annotations

import pytest

from zeroetl_lint.artifacts.data_filter.parser import parse_filter
from zeroetl_lint.model.data_filter.evaluate import Decision, ShadowReason, Shadowed, evaluate, shadowed_clauses
from zeroetl_lint.rulebook import load_rulebook

FACTS = load_rulebook().data_filters  # the shipped facts, as a run passes them in


def decide(text: str, name: str, engine: str = "mysql") -> Decision:
    return evaluate(parse_filter(text), tuple(name.split(".")), engine)  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "name", "replicated", "clause"), [
    # aws-facts §4 examples and the documented reading of each.
    ("include: *.*", "any.thing", True, 1),
    ("include: books.*", "books.x", True, 1),
    ("include: books.*", "music.x", False, None),
    ("include: *.*, exclude: *.mystery", "books.mystery", False, 2),
    ("include: *.*, exclude: *.mystery", "books.scifi", True, 1),
    ("include: books.stephen_king, include: books.carolyn_keene", "books.carolyn_keene", True, 2),
    ("include: books.stephen_king, include: books.carolyn_keene", "books.other", False, None),
    ("include: books.*, exclude: books./.*mystery.*/", "books.old_mystery_1", False, 2),
    ("include: books.*, exclude: books./.*mystery.*/", "books.scifi", True, 1),
    ("include: books.*, exclude: books./mystery.*/", "books.mystery_1", False, 2),
    ("include: books.*, exclude: books./mystery.*/", "books.old_mystery", True, 1),  # begins with: anchored
    ("include: books.*, exclude: books./.*mystery/", "books.old_mystery", False, 2),
    ("include: books.*, exclude: books./.*mystery/", "books.mystery_1", True, 1),  # ends with: anchored
    ("include: books./table_.*/, exclude: books.table_stephen_king", "books.table_stephen_king", False, 2),
    ("include: books./table_.*/, exclude: books.table_stephen_king", "books.table_x", True, 1),
    ("include: books./table_.*/, exclude: books.table_stephen_king", "books.other", False, None),
    # "Include books.stephenking then Exclude books.*" ⇒ nothing from books.
    ("include: books.stephenking, exclude: books.*", "books.stephenking", False, 2),
    # 'include: db.table1, include: db.table2' is read as 'exclude:*.*, include: ...'.
    ("include: db.table1, include: db.table2", "db.table3", False, None),
    ("exclude: foodb.*, include: foodb.tbl, include: foodb./table_\\d+/", "foodb.table_12", True, 3),
    ("exclude: foodb.*, include: foodb.tbl, include: foodb./table_\\d+/", "foodb.table_x", False, 1),
    ("exclude: *.*, include: db1.*", "db1.t", True, 2),
    ("include: foodb.*, exclude: foodb.tbl, exclude: foodb./table_\\d+/", "foodb.table_7", False, 3),
])
def test_documented_mysql_examples(text: str, name: str, replicated: bool, clause: int | None) -> None:
    assert decide(text, name) == Decision(replicated, clause)


@pytest.mark.parametrize(("text", "name", "replicated", "clause"), [
    ("include: books.*.*", "books.public.t", True, 1),
    ("include: books.*.*, exclude: books.*.mystery", "books.a.mystery", False, 2),
    ("include: books.mystery.stephen_king, include: employee.finance.benefits", "employee.finance.benefits", True, 2),
    ("include: books.science_fiction.*, exclude: books.*./.*king.*/", "books.science_fiction.kingdom", False, 2),
    ("include: books.science_fiction.*, exclude: books.*./.*king.*/", "books.science_fiction.dune", True, 1),
    ("include: books.*.*, exclude: books./sci.*/.*", "books.science.t", False, 2),
    ("include: books.*.*, exclude: books.mystery./.*king/", "books.mystery.stephen_king", False, 2),
    ("include: books.*./table_.*/, exclude: books.*.table_stephen_king", "books.s.table_a", True, 1),
])
def test_documented_postgresql_examples(text: str, name: str, replicated: bool, clause: int | None) -> None:
    assert decide(text, name, "postgresql") == Decision(replicated, clause)


def test_no_filter() -> None:
    assert evaluate(None, ("db", "t"), "mysql") == Decision(True, None)
    assert evaluate(None, ("db", "s", "t"), "postgresql") == Decision(False, None)


def test_literal_names_are_exact_and_case_sensitive() -> None:
    assert decide("include: Books.*", "books.t") == Decision(False, None)
    assert decide('include: "my.db".*', "myxdb.t") == Decision(False, None)  # no regex reading
    assert decide('include: "my.db".*', "my.db.t".replace("my.db", "my.db")).replicated is False
    assert evaluate(parse_filter('include: "my.db".*'), ("my.db", "t"), "mysql") == Decision(True, 1)


def test_wrong_part_count_matches_nothing() -> None:
    assert decide("include: db.*", "db.s.t", "postgresql") == Decision(False, None)


def test_invalid_regex_matches_nothing() -> None:
    assert decide("include: db./a**/", "db.aa") == Decision(False, None)


def shadows(text: str, engine: str = "postgresql") -> list[tuple[int, str, int]]:
    return [(s.clause, s.reason.value, s.by) for s in shadowed_clauses(parse_filter(text), engine, FACTS)]  # type: ignore[arg-type]


def test_shadowed_by_a_later_covering_clause() -> None:
    assert shadows("include: db.s.t, exclude: db.*.*") == [(1, "overridden", 2)]
    assert shadows("include: db.s./t.*/, exclude: db.s./t.*/") == [(1, "overridden", 2)]
    assert shadows("include: db.s.table_1, exclude: db.s./table_\\d+/") == [(1, "overridden", 2)]
    assert shadows("include: books.stephenking, exclude: books.*", "mysql") == [(1, "overridden", 2)]


def test_not_shadowed_when_coverage_is_partial_or_unprovable() -> None:
    assert shadows("include: db.*.*, exclude: db.s.t") == []
    assert shadows("include: db.s./t_1/, exclude: db.s./t_.*/") == []  # regex vs regex: only textually
    assert shadows("include: db.s.*, exclude: db.s./.*/") == []
    assert shadows("include: db.s.other, exclude: db.s./table_\\d+/") == []


def test_repeats() -> None:
    assert shadows("include: db.s.t, include: db.s.t") == [(2, "repeated", 1)]
    assert shadows('include: db.s.t, include: "db".s.t') == [(2, "repeated", 1)]
    assert shadows("include: a.*.*, include: b.*.*, include: a.*.*") == [(3, "repeated", 1)]
    # With an opposite clause in between, the repeat matters and the first one is redundant.
    assert shadows("include: a.*.*, exclude: a.s.t, include: a.*.*") == [(1, "overridden", 3), (2, "overridden", 3)]


def test_shadowed_clause_reason_type() -> None:
    (entry,) = shadowed_clauses(parse_filter("include: db.s.t, exclude: db.*.*"), "postgresql", FACTS)
    assert entry == Shadowed(1, ShadowReason.OVERRIDDEN, 2)


def test_wrong_shape_is_left_to_ze504() -> None:
    assert shadows("include: db.t, exclude: db.*") == []
    assert shadows("include: db.t, exclude: db.*", "mysql") == [(1, "overridden", 2)]
