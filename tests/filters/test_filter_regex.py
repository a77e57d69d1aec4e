"""Regex parts: Java semantics, compile errors and constructs Java and Python read differently."""

from __future__ import annotations

import pytest

from zeroetl_lint.artifacts.data_filter.parser import parse_filter
from zeroetl_lint.model.data_filter.regex import check_regexes, compile_regex, regex_issues


@pytest.mark.parametrize("source", [r"table_\d+", ".*mystery.*", r"a\/b", "a*+b", "a++", "a?+", "(?>ab)c", "(?i)abc", "(?i:a)b"])
def test_regexes_java_and_python_read_alike(source: str) -> None:
    assert regex_issues(source) == ()
    assert compile_regex(source) is not None


@pytest.mark.parametrize(("source", "words"), [
    (r"\p{L}+", "Java Unicode class"),
    (r"\Qa.b\E", "\\Q…\\E"),
    (r"a\z", "\\z"),
    (r"a\Z", "\\Z"),
    ("a(?i)b", "applies from here on"),
    ("(?<name>a)", "named group"),
    ("(?P<name>a)", "Python-only"),
    ("(?U)a", "inline flag"),
    ("[a-z&&[^aeiou]]", "&&"),
    ("[a[b]]", "nested class"),
    ("a{,3}", "{,n}"),
    (r"\h", "horizontal whitespace"),
    (r"\v", "vertical"),
    (r"\x{41}", "code point"),
    (r"(a)\k<x>", "named back-reference"),
    ("(?#c)a", "comments"),
])
def test_dialect_differences_are_reported_not_translated(source: str, words: str) -> None:
    issues = regex_issues(source)
    assert issues and all(i.dialect for i in issues)
    assert any(words in i.message for i in issues)
    assert compile_regex(source) is None


@pytest.mark.parametrize("source", ["a**", "(ab", "a)", "[a-", r"\y", "?a"])
def test_regexes_that_do_not_compile(source: str) -> None:
    (issue,) = regex_issues(source)
    assert not issue.dialect
    assert issue.message.startswith("does not compile")


def test_problems_are_placed_inside_the_filter() -> None:
    text = r"include: db.s./t\z/, include: db.s./a**/"
    problems = check_regexes(parse_filter(text))
    assert [text[p.start:p.end] for p in problems] == [r"\z", "*"]
    assert problems[0].message.startswith(r"/t\z/: ")


def test_ascii_semantics_like_java() -> None:
    digits = compile_regex(r"\d+")
    assert digits is not None
    assert digits.fullmatch("123")
    assert not digits.fullmatch("١٢٣")  # Arabic-Indic digits: Java's \d is ASCII-only


def test_possessive_quantifiers_do_not_backtrack_as_in_java() -> None:
    possessive = compile_regex("a*+a")
    greedy = compile_regex("a*a")
    assert possessive is not None and greedy is not None
    assert possessive.fullmatch("aaa") is None  # Java: "aaa".matches("a*+a") is false
    assert greedy.fullmatch("aaa") is not None
