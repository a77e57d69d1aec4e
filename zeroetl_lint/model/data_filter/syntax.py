"""The parsed data filter: clauses and parts with exact offsets, its syntax problems, and its canonical printing."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from enum import Enum

__all__ = [
    "Clause",
    "ClauseType",
    "FilterProblem",
    "ParsedFilter",
    "Part",
    "PartKind",
    "normalise",
    "print_clause",
    "print_part",
]


class ClauseType(str, Enum):
    """Whether a clause adds or removes the tables it matches."""

    INCLUDE = "include"
    EXCLUDE = "exclude"


class PartKind(str, Enum):
    """What one dot-separated part of a pattern is."""

    NAME = "name"
    STAR = "star"
    REGEX = "regex"


@dataclass(frozen=True, slots=True)
class Part:
    """One part of a pattern; offsets cover its source text (quotes and slashes included, end exclusive)."""

    kind: PartKind
    # NAME: the decoded name; REGEX: the regex text between the slashes, verbatim; STAR: "*".
    value: str
    start: int
    end: int
    quoted: bool = False


@dataclass(frozen=True, slots=True)
class Clause:
    """An ``include:``/``exclude:`` clause that parsed completely."""

    index: int  # 1-based position among the clauses written in the filter
    type: ClauseType
    parts: tuple[Part, ...]
    start: int  # the keyword's first character
    end: int  # just past the pattern's last character

    @property
    def pattern_start(self) -> int:
        return self.parts[0].start

    @property
    def pattern_end(self) -> int:
        return self.parts[-1].end


@dataclass(frozen=True, slots=True)
class FilterProblem:
    """Something wrong at ``start``..``end`` (end exclusive; equal when it points between characters)."""

    start: int
    end: int
    message: str
    fix: str


@dataclass(frozen=True, slots=True)
class ParsedFilter:
    """The filter text, its complete clauses in order, and the syntax problems met.

    A clause with a problem inside it is left out of ``clauses`` but still counts for
    ``Clause.index``, so indices match what the author wrote.
    """

    text: str
    clauses: tuple[Clause, ...]
    problems: tuple[FilterProblem, ...]
    # Offsets of shell quotes wrapping the whole value (``'include: …'``): the opening one, and the
    # closing one when it is there. They are not part of the filter the service reads.
    shell_quotes: tuple[int, ...] = ()
    # Offsets of the commas that separate the clauses as written: outside quoted names and
    # regexes, escapes respected. They number the clauses the parser could not complete.
    separators: tuple[int, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    def clause_at(self, offset: int) -> int:
        """1-based index of the clause written around offset (a complete clause knows its own index)."""
        for clause in self.clauses:
            if clause.start <= offset < max(clause.end, clause.start + 1):
                return clause.index
        return 1 + bisect_left(self.separators, offset)


_PLAIN_NAME = re.compile(r"[A-Za-z0-9_]+")


def print_part(part: Part) -> str:
    """A part in canonical form: plain names bare, other names double-quoted, regexes in slashes."""
    if part.kind is PartKind.STAR:
        return "*"
    if part.kind is PartKind.REGEX:
        return f"/{part.value}/"
    if _PLAIN_NAME.fullmatch(part.value):
        return part.value
    return '"' + part.value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def print_clause(clause: Clause) -> str:
    """One clause in canonical form: ``exclude: a.*./x/``."""
    return f"{clause.type.value}: " + ".".join(print_part(part) for part in clause.parts)


def normalise(parsed: ParsedFilter) -> str:
    """The complete clauses in canonical form: ``include: a.b.c, exclude: a.*./x/``."""
    return ", ".join(print_clause(clause) for clause in parsed.clauses)
