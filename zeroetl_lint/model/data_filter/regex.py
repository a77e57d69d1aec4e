"""Regex parts under the service's Java semantics: what does not compile, and what Java and Python read differently."""

from __future__ import annotations

# The service compiles a ``/regex/`` with ``java.util.regex`` and matches whole names (the AWS
# examples read ``/mystery.*/`` as "begins with mystery", which only an anchored match gives; note
# that Maxwell itself uses an unanchored ``find()``). Python's ``re`` with ``fullmatch`` and
# ``re.ASCII`` (Java's ``\d``, ``\w``, ``\s``, ``\b`` and case folding are ASCII by default) reads
# the common subset the same way, including possessive quantifiers and atomic groups (Python 3.11+).
# Constructs the two read differently are reported, never translated, and such a regex is not used
# for matching: most of them need characters the API refuses anyway (``( ) [ ] { } |``).

import re
import warnings
from dataclasses import dataclass
from functools import lru_cache

from zeroetl_lint.model.data_filter.syntax import FilterProblem, ParsedFilter, PartKind

__all__ = ["RegexIssue", "check_regexes", "compile_regex", "regex_issues"]


@dataclass(frozen=True, slots=True)
class RegexIssue:
    """A problem at ``start``..``end`` of the regex text (offsets inside the slashes)."""

    start: int
    end: int
    message: str
    # True when Java accepts the construct but Python rejects it or reads it differently.
    dialect: bool


_JAVA_ONLY_ESCAPES = {
    "h": "`\\h` (horizontal whitespace in Java) is a bad escape in Python",
    "H": "`\\H` (non-horizontal-whitespace in Java) is a bad escape in Python",
    "v": "`\\v` is vertical whitespace in Java but only the vertical-tab character in Python",
    "V": "`\\V` (non-vertical-whitespace in Java) is a bad escape in Python",
    "R": "`\\R` (any line break in Java) is a bad escape in Python",
    "X": "`\\X` (a grapheme cluster in Java) is a bad escape in Python",
    "G": "`\\G` (end of the previous match in Java) is a bad escape in Python",
    "e": "`\\e` (escape character in Java) is a bad escape in Python",
    "c": "`\\c` (control character in Java) is a bad escape in Python",
    "z": "`\\z` (end of input in Java) is a bad escape in Python, whose spelling is `\\Z`",
    "Z": "`\\Z` is 'end of input before a final line break' in Java but 'end of input' in Python",
}
_FLAGS = re.compile(r"[A-Za-z]*(?:-[A-Za-z]*)?")
_SHARED_FLAGS = set("imsx")


def _escape_issue(source: str, pos: int) -> RegexIssue | None:
    nxt = source[pos + 1] if pos + 1 < len(source) else ""
    if nxt in ("p", "P"):
        close = source.find("}", pos) if source[pos + 2:pos + 3] == "{" else pos + 2
        end = close + 1 if close >= 0 else len(source)
        return RegexIssue(pos, end, f"`{source[pos:end]}` (a Java Unicode class) is not supported by Python's re", True)
    if nxt == "Q":
        close = source.find("\\E", pos + 2)
        end = close + 2 if close >= 0 else len(source)
        return RegexIssue(pos, end, "`\\Q…\\E` quoting is Java-only; Python's re rejects it", True)
    if nxt == "x" and source[pos + 2:pos + 3] == "{":
        return RegexIssue(pos, pos + 3, "`\\x{…}` (a Java code point) is not supported by Python's re", True)
    if nxt == "k" and source[pos + 2:pos + 3] == "<":
        return RegexIssue(pos, pos + 3, "`\\k<name>` (a Java named back-reference) is written `(?P=name)` in Python", True)
    if nxt and nxt in _JAVA_ONLY_ESCAPES:
        return RegexIssue(pos, pos + 2, _JAVA_ONLY_ESCAPES[nxt], True)
    return None


def _group_issue(source: str, pos: int) -> RegexIssue | None:
    rest = source[pos + 2:]
    if rest.startswith("<") and not rest.startswith(("<=", "<!")):
        return RegexIssue(pos, pos + 3, "`(?<name>…)` is Java's named group; Python's re spells it `(?P<name>…)`", True)
    if rest.startswith("P"):
        return RegexIssue(pos, pos + 3, "`(?P…)` is Python-only syntax; Java rejects it", True)
    if rest.startswith("#"):
        return RegexIssue(pos, pos + 3, "`(?#…)` comments are Python-only; Java rejects them", True)
    if rest.startswith("("):
        return RegexIssue(pos, pos + 3, "`(?(…)…)` conditionals are Python-only; Java rejects them", True)
    flags_match = _FLAGS.match(rest)
    flags = flags_match.group() if flags_match else ""
    letters = set(flags) - {"-"}
    if not letters:
        return None
    end = pos + 2 + len(flags)
    odd = sorted(letters - _SHARED_FLAGS)
    if odd:
        return RegexIssue(pos, end, f"inline flag{'s' if len(odd) > 1 else ''} `{''.join(odd)}` mean different things "
                          "in Java and Python (Java: d U u c; Python: a L u)", True)
    if source[end:end + 1] == ")" and pos > 0:
        return RegexIssue(pos, end + 1, f"`(?{flags})` applies from here on in Java, but Python only accepts "
                          "global flags at the start of the expression", True)
    return None


def _dialect_issues(source: str) -> tuple[RegexIssue, ...]:
    issues: list[RegexIssue] = []
    pos, in_class = 0, False
    while pos < len(source):
        char = source[pos]
        if char == "\\":
            issue = _escape_issue(source, pos)
            if issue is not None:
                issues.append(issue)
                pos = max(issue.end, pos + 2)
            else:
                pos += 2
            continue
        if in_class:
            if char == "[":
                issues.append(RegexIssue(pos, pos + 1, "a `[` inside a character class is a nested class (union) in "
                                         "Java but a literal `[` in Python", True))
            elif source.startswith("&&", pos):
                issues.append(RegexIssue(pos, pos + 2, "`&&` inside a character class is an intersection in Java but "
                                         "two literal `&` in Python", True))
                pos += 1
            elif char == "]":
                in_class = False
            pos += 1
            continue
        if char == "[":
            in_class = True
            pos += 1
            if source.startswith("^", pos):
                pos += 1
            continue
        if source.startswith("(?", pos):
            issue = _group_issue(source, pos)
            if issue is not None:
                issues.append(issue)
        elif char == "{" and re.match(r"\{,\d*\}", source[pos:]):
            issues.append(RegexIssue(pos, source.index("}", pos) + 1, "`{,n}` means `{0,n}` in Python but Java "
                                     "rejects a quantifier without a minimum", True))
        pos += 1
    return tuple(issues)


@lru_cache(maxsize=2048)
def regex_issues(source: str) -> tuple[RegexIssue, ...]:
    """Dialect differences first; only a regex free of them is compiled, with Python's re standing in for Java."""
    dialect = _dialect_issues(source)
    if dialect:
        return dialect
    try:
        with warnings.catch_warnings():
            # Python warns about constructs it may read differently in future (set operations);
            # the dialect scan above already reports those that Java reads differently today.
            warnings.simplefilter("ignore")
            re.compile(source, re.ASCII)
    except re.error as error:
        at = error.pos if error.pos is not None else 0
        return (RegexIssue(at, min(at + 1, len(source)), f"does not compile: {error.msg}", False),)
    except (RecursionError, OverflowError) as error:  # pathological nesting or repeat counts
        return (RegexIssue(0, len(source), f"does not compile: {type(error).__name__}", False),)
    return ()


@lru_cache(maxsize=2048)
def compile_regex(source: str) -> re.Pattern[str] | None:
    """The compiled regex for matching with ``fullmatch``, or None when it has any issue."""
    if regex_issues(source):
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return re.compile(source, re.ASCII)


def check_regexes(parsed: ParsedFilter) -> tuple[FilterProblem, ...]:
    """Every issue of every regex part, placed at its offsets in the filter text."""
    problems: list[FilterProblem] = []
    for clause in parsed.clauses:
        for part in clause.parts:
            if part.kind is not PartKind.REGEX:
                continue
            for issue in regex_issues(part.value):
                base = part.start + 1
                fix = ("Rewrite the regular expression with constructs Java and Python read alike."
                       if issue.dialect else "Fix the regular expression so that it compiles.")
                problems.append(FilterProblem(
                    base + issue.start, base + max(issue.end, issue.start + 1),
                    f"/{part.value}/: {issue.message}", fix))
    return tuple(problems)
