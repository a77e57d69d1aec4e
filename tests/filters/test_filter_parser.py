"""Parser: structure, exact offsets, and one precise problem for each kind of syntax error."""

from __future__ import annotations

import pytest

from zeroetl_lint.artifacts.data_filter.parser import parse_filter
from zeroetl_lint.model.data_filter.syntax import ClauseType, PartKind, normalise


def test_clauses_and_parts_keep_exact_offsets() -> None:
    text = r'include: db.s.t, EXCLUDE :db . "my db" ./a\/b.c/'
    parsed = parse_filter(text)
    assert parsed.ok
    first, second = parsed.clauses
    assert (first.index, first.type, first.start, first.end) == (1, ClauseType.INCLUDE, 0, 15)
    assert [text[p.start:p.end] for p in first.parts] == ["db", "s", "t"]
    assert second.type is ClauseType.EXCLUDE and second.index == 2
    assert text[second.start:second.end] == r'EXCLUDE :db . "my db" ./a\/b.c/'
    assert [(p.kind, p.value, text[p.start:p.end]) for p in second.parts] == [
        (PartKind.NAME, "db", "db"),
        (PartKind.NAME, "my db", '"my db"'),
        (PartKind.REGEX, r"a\/b.c", r"/a\/b.c/"),
    ]
    assert second.parts[1].quoted
    assert text[second.pattern_start:second.pattern_end] == r'db . "my db" ./a\/b.c/'


def test_normalise_prints_the_canonical_form() -> None:
    parsed = parse_filter(r'Include:a.b.c ,exclude :  a . * ./x/, include: "plain".  "with space" ."q\"\\"')
    assert normalise(parsed) == r'include: a.b.c, exclude: a.*./x/, include: plain."with space"."q\"\\"'


def test_dots_inside_a_regex_do_not_split_parts_and_escaped_slash_does_not_end_it() -> None:
    (clause,) = parse_filter(r"include: db./a.b\/c.d/").clauses
    assert [p.value for p in clause.parts] == ["db", r"a.b\/c.d"]


def test_escaped_backslash_before_slash_ends_the_regex() -> None:
    (clause,) = parse_filter(r"include: db./a\\/.x").clauses
    assert [p.value for p in clause.parts] == ["db", r"a\\", "x"]


def test_quoted_name_escapes() -> None:
    (clause,) = parse_filter(r'include: "a\"b"."c\\d".x').clauses
    assert [p.value for p in clause.parts] == ['a"b', "c\\d", "x"]


# (filter, start, end, words the message must contain)
SYNTAX_ERRORS = [
    ("", 0, 0, ["empty"]),
    ("   ", 0, 3, ["empty"]),
    ("books.*", 0, 7, ["`books.*`", "no `include:` or `exclude:` prefix"]),
    ("include: a.b, books.*", 14, 21, ["`books.*`", "prefix"]),
    ("include:", 0, 8, ["empty pattern", "`include:`"]),
    ("include: , exclude: a.b", 0, 9, ["empty pattern"]),
    ("include: a.b,", 12, 13, ["trailing `,`"]),
    ("include: a.b,, exclude: c.d", 13, 14, ["stray `,`"]),
    (", include: a.b", 0, 1, ["starts with `,`"]),
    ("include: a.b exclude: c.d", 13, 20, ["expected `,` between clauses", "`exclude`"]),
    ("include: a./b.*", 11, 15, ["unterminated regular expression", "offset 11", "closing `/`"]),
    ("include: a./b\\/", 11, 15, ["unterminated regular expression"]),
    ('include: "a.b', 9, 13, ["unterminated quoted name", "closing `\"`"]),
    ('include: "".b', 9, 11, ["empty quoted name"]),
    ('include: "a""b".c', 12, 13, ["does not escape a quote", '`\\"`']),
    ('include: "t_\\d".c', 12, 14, ["`\\d` is not an escape"]),
    ("include: a.//", 11, 13, ["empty regular expression"]),
    ("include: a..b", 11, 12, ["empty part between two dots"]),
    ("include: a.", 11, 11, ["ends with `.`"]),
    ("include: a.b.", 13, 13, ["ends with `.`"]),
    ("include: .a", 9, 10, ["expected a name", "found `.`"]),
    ("include a.b", 8, 9, ["expected `:` after `include`", "found `a`"]),
    ("includes: a.b", 0, 8, ["unknown clause type `includes`"]),
    ("blacklist: a.b", 0, 9, ["denylists"]),
    ("include: books_*.x", 15, 16, ["`books_*` is not a wildcard", "/books_.*/"]),
    ("include: *_x.y", 10, 11, ["`*_x` is not a wildcard"]),
    ("include: my-db.s.t", 11, 12, ["`-` cannot appear in an unquoted name", '"my-db"']),
    ("include: db$x.s.t", 11, 12, ["`$`"]),
    ("include: a.b.c = x", 15, 16, ["column-value filters"]),
    ("include: a.b.c=x", 14, 15, ["column-value filters"]),
    ("include: a.b.c; exclude: d.e.f", 14, 15, ["unexpected `;`"]),
    ('"include: a.b.c"', 0, 1, ["remove the shell quotes"]),
]


@pytest.mark.parametrize(("text", "start", "end", "words"), SYNTAX_ERRORS)
def test_syntax_errors_point_at_the_problem(text: str, start: int, end: int, words: list[str]) -> None:
    problems = parse_filter(text).problems
    assert problems, text
    first = problems[0]
    assert (first.start, first.end) == (start, end)
    assert first.fix
    for word in words:
        assert word in f"{first.message} {first.fix}"


def test_a_clause_with_a_problem_is_left_out_but_keeps_the_numbering() -> None:
    parsed = parse_filter("include: a..b, include: c.d, exclude: e.f")
    assert [c.index for c in parsed.clauses] == [2, 3]
    assert len(parsed.problems) == 1


def test_parsing_recovers_after_a_problem() -> None:
    parsed = parse_filter("include: a./x, y/.b, blah, exclude: c.d")
    assert [c.index for c in parsed.clauses] == [1, 3]  # a comma inside a regex does not split
    parsed = parse_filter("include: c.d, include: a./x, blah, exclude: c.d")
    # The unterminated regex swallows the rest; nothing after it is invented.
    assert [c.index for c in parsed.clauses] == [1]
    parsed = parse_filter("include: a.(b), blah, exclude: c.d")
    assert [c.index for c in parsed.clauses] == [3]
    assert [p.start for p in parsed.problems] == [11, 16]


def test_single_quotes_and_backticks_are_read_as_quotes_for_the_characters_check() -> None:
    (clause,) = parse_filter("include: 'my db'.`t`").clauses
    assert [p.value for p in clause.parts] == ["my db", "t"]
    assert parse_filter("include: 'my db'.`t`").ok
