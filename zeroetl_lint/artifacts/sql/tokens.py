"""A cursor over sqlglot tokens, statement frames for absolute positions, and the column-type reader."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from sqlglot import exp
from sqlglot.tokens import Token, TokenType

from zeroetl_lint.model.catalog import ColumnType, QualifiedName
from zeroetl_lint.model.type_names import canonical_type, fold
from zeroetl_lint.findings import Location


# ---------------------------------------------------------------------------------------------
# Positions.


@dataclass(frozen=True, slots=True)
class Frame:
    """Where a parsed text starts in its file, to turn parser positions into absolute ones."""

    path: str
    line: int
    column: int
    text: str

    def location(self, line: int, col: int, start: int, end: int) -> Location:
        # sqlglot's col is the 1-based column of the token's *last* character.
        first = col - (end - start)
        if line == 1:
            first += self.column - 1
            col += self.column - 1
        absolute = self.line + line - 1
        return Location(self.path, absolute, first, absolute, col)

    def token_location(self, token: Token) -> Location:
        return self.location(token.line, token.col, token.start, token.end)

    def node_location(self, node: exp.Expr | None) -> Location | None:
        meta = node.meta if node is not None else None
        if not meta or "line" not in meta:
            return None
        return self.location(meta["line"], meta["col"], meta["start"], meta["end"])

    def start(self) -> Location:
        return Location(self.path, self.line, self.column)

    def at(self, offset: int) -> Frame:
        """The frame of ``text[offset:]``."""
        newline = self.text.rfind("\n", 0, offset)
        if newline < 0:
            return Frame(self.path, self.line, self.column + offset, self.text[offset:])
        return Frame(self.path, self.line + self.text.count("\n", 0, offset), offset - newline, self.text[offset:])


def summary(text: str, words: int = 6) -> str:
    return " ".join(text.split(None, words)[:words])


# ---------------------------------------------------------------------------------------------
# A small cursor over sqlglot tokens for the statements sqlglot leaves opaque (exp.Command).

_PUNCT = {
    TokenType.L_PAREN,
    TokenType.R_PAREN,
    TokenType.COMMA,
    TokenType.DOT,
    TokenType.L_BRACKET,
    TokenType.R_BRACKET,
    TokenType.SEMICOLON,
    TokenType.STRING,
    TokenType.NUMBER,
    TokenType.IDENTIFIER,
}
_WORD = re.compile(r"[^\W\d][\w$]*(?:\s+[^\W\d][\w$]*)*\Z")


@lru_cache(maxsize=4096)
def token_word(token_type: TokenType, text: str) -> str:
    """The upper-case keyword a token spells ('' for quoted identifiers, strings and punctuation).

    Cached: a dump repeats the same keywords and type names thousands of times.
    """
    if token_type in _PUNCT or not _WORD.match(text):
        return ""
    return " ".join(text.upper().split())


class Cursor:
    def __init__(self, tokens: Sequence[Token], index: int = 0) -> None:
        self.tokens = tokens
        self.i = index

    def peek(self, ahead: int = 0) -> Token | None:
        j = self.i + ahead
        return self.tokens[j] if j < len(self.tokens) else None

    def word(self, ahead: int = 0) -> str:
        """The upper-case keyword at the cursor ('' for quoted identifiers, strings and punctuation)."""
        j = self.i + ahead
        if j >= len(self.tokens):
            return ""
        token = self.tokens[j]
        return token_word(token.token_type, token.text)

    def accept(self, *words: str) -> bool:
        """Consume a keyword sequence; multi-word tokens ('PRIMARY KEY') match their parts."""
        first = self.word()
        if not first or not words[0].startswith(first.split(" ", 1)[0]):
            return False  # the common case: the keyword at the cursor is another one
        wanted = " ".join(words)
        got, ahead = "", 0
        while len(got) < len(wanted):
            word = self.word(ahead)
            if not word:
                return False
            got = f"{got} {word}".strip()
            ahead += 1
            if not wanted.startswith(got):
                return False
        if got != wanted:
            return False
        self.i += ahead
        return True

    def is_type(self, token_type: TokenType) -> bool:
        token = self.peek()
        return token is not None and token.token_type == token_type

    def name_part(self) -> tuple[str, Token] | None:
        token = self.peek()
        if token is None:
            return None
        if token.token_type == TokenType.IDENTIFIER:
            self.i += 1
            return token.text, token
        if token.token_type in _PUNCT or not _WORD.match(token.text) or " " in token.text:
            return None
        self.i += 1
        return fold(token.text, False), token

    def qualified(self) -> tuple[QualifiedName, Token] | None:
        parts: list[str] = []
        last: Token | None = None
        while True:
            part = self.name_part()
            if part is None:
                break
            parts.append(part[0])
            last = part[1]
            if not self.is_type(TokenType.DOT):
                break
            self.i += 1
        if not parts or last is None:
            return None
        if len(parts) == 1:
            return QualifiedName(None, parts[0]), last
        return QualifiedName(parts[-2], parts[-1]), last

    def skip_group(self) -> None:
        """Skip a parenthesised group starting at the cursor."""
        depth = 0
        while (token := self.peek()) is not None:
            self.i += 1
            if token.token_type == TokenType.L_PAREN:
                depth += 1
            elif token.token_type == TokenType.R_PAREN:
                depth -= 1
                if depth <= 0:
                    return


# ---------------------------------------------------------------------------------------------
# Column types, read from the original tokens because sqlglot's DataType loses what the rules need
# (interval qualifiers, "Name" vs name, quoted user types spelled like built-ins such as "bıgınt").

_INTERVAL_FIELDS = frozenset(
    """YEAR MONTH DAY HOUR MINUTE SECOND YEAR_TO_MONTH DAY_TO_HOUR DAY_TO_MINUTE DAY_TO_SECOND
    HOUR_TO_MINUTE HOUR_TO_SECOND MINUTE_TO_SECOND""".split()
)
# Keywords that end a type inside a column definition, a domain or ALTER COLUMN ... TYPE.
_TYPE_STOP = frozenset(
    """CONSTRAINT NOT NULL DEFAULT PRIMARY UNIQUE CHECK REFERENCES GENERATED COLLATE COMPRESSION STORAGE
    USING AS OPTIONS""".split()
)


# Reserved words that cannot start a type name, so a column definition that begins with one has no type.
_NOT_A_TYPE = frozenset("CONSTRAINT NOT NULL DEFAULT PRIMARY UNIQUE CHECK REFERENCES COLLATE".split())


def _single_word_type(cursor: Cursor) -> ColumnType | None:
    """The fast path for the commonest column, ``name integer,``: one type word, then the column ends.

    Anything else (modifiers, arrays, several words, quoted or qualified names) takes the full path.
    """
    token = cursor.peek()
    word, following = cursor.word(), cursor.word(1)
    if (token is None or not word or token.token_type == TokenType.IDENTIFIER or word in ("ARRAY", "WITH")
            or word.split(" ", 1)[0] in _TYPE_STOP or _not_a_type(word, following)):
        return None
    after = cursor.peek(1)
    if after is None or after.token_type in (TokenType.COMMA, TokenType.R_PAREN) or (
            following and following.split(" ", 1)[0] in _TYPE_STOP):
        return _one_word_type(" ".join(token.text.split()))
    return None


@lru_cache(maxsize=1024)
def _one_word_type(written: str) -> ColumnType:
    # Dumps repeat the same few type words thousands of times; ColumnType is immutable, so share it.
    return canonical_type([(written, False)], (), 0, written)


def _not_a_type(word: str, following: str) -> bool:
    first = word.split(" ", 1)[0]
    # GENERATED is unreserved (a type could be named so); GENERATED ALWAYS / BY DEFAULT is a constraint.
    return first in _NOT_A_TYPE or (first == "GENERATED" and following.split(" ", 1)[0] in ("ALWAYS", "BY"))


def read_modifiers(cursor: Cursor) -> tuple[int, ...]:
    """Read ``(a, b)`` typmods; non-numeric modifiers (geometry(Point,4326)) are skipped."""
    values: list[int] = []
    cursor.i += 1
    sign = 1
    while (token := cursor.peek()) is not None and token.token_type != TokenType.R_PAREN:
        if token.token_type == TokenType.DASH:
            sign = -1
        elif token.token_type == TokenType.NUMBER:
            try:
                values.append(sign * int(token.text))
            except ValueError:
                pass
            sign = 1
        elif token.token_type == TokenType.L_PAREN:
            cursor.skip_group()
            continue
        cursor.i += 1
    cursor.i += 1
    return tuple(values)


def read_type(cursor: Cursor, text: str) -> ColumnType | None:
    """Read a type name at the cursor; ``text`` is the statement the tokens came from."""
    first = cursor.peek()
    if first is None:
        return None
    single = _single_word_type(cursor)
    if single is not None:
        cursor.i += 1
        return single
    parts: list[tuple[str, bool]] = []
    modifiers: tuple[int, ...] = ()
    last = first
    while (token := cursor.peek()) is not None:
        word = cursor.word()
        if token.token_type == TokenType.IDENTIFIER:
            parts.append((token.text, True))
        elif token.token_type == TokenType.DOT:
            parts.append((".", True))
        elif token.token_type == TokenType.L_PAREN:
            if not parts:
                return None
            modifiers = modifiers + read_modifiers(cursor)
            last = cursor.tokens[cursor.i - 1]
            continue
        elif not parts and _not_a_type(word, cursor.word(1)):
            return None  # a column without a type: ``PARTITION OF p (c DEFAULT 0)`` takes it from the parent
        elif word and (not parts or word.split()[0] not in _TYPE_STOP) and word != "ARRAY":
            if word == "WITH" and cursor.word(1) != "TIME":
                break
            parts.append((" ".join(token.text.split()), False))
        else:
            break
        last = token
        cursor.i += 1
    if not parts:
        return None
    array_dims = 0
    while (token := cursor.peek()) is not None:
        if token.token_type == TokenType.L_BRACKET:
            while (inner := cursor.peek()) is not None and inner.token_type != TokenType.R_BRACKET:
                cursor.i += 1
            array_dims += 1
        elif cursor.word() == "ARRAY":
            array_dims += 1
            if (following := cursor.peek(1)) is not None and following.token_type == TokenType.L_BRACKET:
                cursor.i += 1
                while (inner := cursor.peek()) is not None and inner.token_type != TokenType.R_BRACKET:
                    cursor.i += 1
        else:
            break
        last = cursor.tokens[cursor.i]
        cursor.i += 1
    written = " ".join(text[first.start : last.end + 1].split())
    return canonical_type(parts, modifiers, array_dims, written)
