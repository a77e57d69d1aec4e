"""Streams a PostgreSQL script into statements and psql meta-commands, line by line, in bounded memory."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum


@dataclass(frozen=True, slots=True)
class Comment:
    """A comment that precedes a statement (not part of its text), e.g. a suppression comment."""

    line: int
    column: int
    text: str


@dataclass(frozen=True, slots=True)
class Statement:
    """One SQL statement: its text starts at its first significant character and excludes the ``;``."""

    text: str
    line: int
    column: int
    end_line: int
    # Comments between the previous statement or meta-command and this one, in file order.
    comments: tuple[Comment, ...]
    # psql variable references outside quotes (":var", ":'var'", ':"var"'): psql substitutes them,
    # so the text is not the SQL the server saw.
    psql_variables: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MetaCommand:
    """A psql backslash command such as ``\\connect db``; ``name`` is lower-case without the backslash."""

    name: str
    argument: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class CopyData:
    """A ``COPY ... FROM stdin`` data block that was skipped; ``terminated`` is False when ``\\.`` never came."""

    line: int
    end_line: int
    terminated: bool


@dataclass(frozen=True, slots=True)
class Directive:
    """A ``--`` comment that mentions ``zeroetl-lint:``, where it sits relative to the SQL around it."""

    line: int
    column: int
    text: str  # from ``--`` to the end of the line
    inside_statement: bool  # written between the first word of a statement and its ``;``
    code_before: bool  # SQL precedes it on its line (a trailing comment)


@dataclass(frozen=True, slots=True)
class Unterminated:
    """A quote, dollar-quoted body or block comment opened at ``line``/``column`` that the file never closes."""

    line: int
    column: int
    what: str  # e.g. "dollar-quoted body $$", for messages


Item = Statement | MetaCommand | CopyData | Directive | Unterminated

# Suppression comments are rare; only lines that mention the marker pay for a Directive.
DIRECTIVE_MARKER = "zeroetl-lint:"


class _State(Enum):
    NORMAL = 0
    STRING = 1  # '...' with '' as the only escape (standard_conforming_strings = on, as pg_dump sets)
    ESTRING = 2  # E'...' where a backslash escapes the next character
    IDENT = 3  # "..."
    DOLLAR = 4  # $tag$...$tag$
    BLOCK = 5  # /* ... */, nesting


# Everything the NORMAL state must stop at. A dollar quote cannot follow an identifier character
# (``a$b$`` is an identifier); a psql variable is ``:name`` not preceded by ``:`` (casts) or a word
# character (array slices like ``a[1:n]``).
_SPECIAL = re.compile(
    r"""[;'"\\]|--|/\*|(?<![\w$])\$(?:[^\W\d]\w*)?\$|(?<![:\w]):(?=[^\W\d]|['"])"""
)
# Every match of _SPECIAL starts with one of these characters; a class search is much faster than
# _SPECIAL's alternatives, and most lines of a dump hold none of them.
_MAYBE_SPECIAL = re.compile(r"""[;'"\\\-/$:]""")
_ESTRING_STOP = re.compile(r"[\\']")
_BLOCK_STOP = re.compile(r"/\*|\*/")
_WS = re.compile(r"\s*")
_PSQL_VAR = re.compile(r""":(?:'[^']*'|"[^"]*"|[^\W\d]\w*)""")
_META = re.compile(r"\\([A-Za-z!?]+|\S?)\s*(.*)", re.S)
_COPY_FROM_STDIN = re.compile(r"\bFROM\s+(?:STDIN|PSTDIN)\b", re.I)
_WORD_CHARS = frozenset("_$")


_OPEN_WHAT = {
    _State.STRING: "string literal '",
    _State.ESTRING: "escape string literal E'",
    _State.IDENT: 'quoted identifier "',
    _State.DOLLAR: "dollar-quoted body {tag}",
    _State.BLOCK: "block comment /*",
}


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char in _WORD_CHARS


def _copy_reads_stdin(text: str) -> bool:
    # psql streams the lines after "COPY ... FROM stdin;" (and "\copy ... from stdin") to the server.
    return _COPY_FROM_STDIN.search(text) is not None


class _Splitter:
    """The scanner state; one instance per file."""

    def __init__(self) -> None:
        self.state = _State.NORMAL
        self.tag = ""
        self.depth = 0
        self.buf: list[str] = []
        self.started = False
        self.start_line = 0
        self.start_column = 0
        self.comments: list[Comment] = []
        self.comment_buf: list[str] = []
        self.comment_start = (0, 0)
        self.variables: list[str] = []
        self.copy_start = 0
        self.enter_copy = False
        # Where the open quote, dollar quote or outermost block comment began (1-based line, column).
        self.open_at = (0, 0)

    def _begin(self, line_no: int, pos: int) -> None:
        self.started = True
        self.start_line = line_no
        self.start_column = pos + 1

    def _finish(self, line_no: int) -> Statement | None:
        text = "".join(self.buf).rstrip()
        statement = None
        if self.started and text:
            statement = Statement(
                text, self.start_line, self.start_column, line_no, tuple(self.comments), tuple(self.variables)
            )
        self.buf = []
        self.started = False
        self.comments = []
        self.variables = []
        return statement

    def feed(self, line: str, line_no: int) -> Iterator[Item]:
        """Scan one line (with its newline); yields what it completes."""
        pos = 0
        size = len(line)
        buf = self.buf
        while pos < size:
            state = self.state
            if state is _State.NORMAL:
                if not self.started:
                    # str.lstrip and \s agree on what is white space (both use str.isspace).
                    pos = size - len(line.lstrip()) if pos == 0 else _WS.match(line, pos).end()  # type: ignore[union-attr]
                    if pos >= size:
                        break
                    if line.startswith("--", pos):
                        comment = line[pos:].rstrip("\r\n")
                        self.comments.append(Comment(line_no, pos + 1, comment))
                        if DIRECTIVE_MARKER in comment:
                            yield Directive(line_no, pos + 1, comment, False, bool(line[:pos].strip()))
                        break
                    if line.startswith("/*", pos):
                        self.state = _State.BLOCK
                        self.depth = 1
                        self.comment_buf = ["/*"]
                        self.comment_start = self.open_at = (line_no, pos + 1)
                        pos += 2
                        continue
                    if line[pos] == "\\":
                        yield self._meta(line, pos, line_no)
                        break
                    if line[pos] == ";":  # an empty statement
                        pos += 1
                        continue
                    self._begin(line_no, pos)
                    buf = self.buf
                match = _SPECIAL.search(line, pos) if _MAYBE_SPECIAL.search(line, pos) is not None else None
                if match is None:
                    buf.append(line[pos:])
                    break
                start = match.start()
                token = match.group()
                buf.append(line[pos:start])
                pos = match.end()
                self.open_at = (line_no, start + 1)
                if token == ";":
                    statement = self._finish(line_no)
                    buf = self.buf
                    if statement is not None:
                        yield statement
                        if statement.text[:4].upper() == "COPY" and _copy_reads_stdin(statement.text):
                            # The rest of this line is not data; data starts on the next line.
                            self.copy_start = line_no + 1
                            self.enter_copy = True
                            return
                elif token == "'":
                    buf.append(token)
                    if start > 0 and line[start - 1] in "eE" and (start < 2 or not _is_word_char(line[start - 2])):
                        self.state = _State.ESTRING
                    else:
                        self.state = _State.STRING
                elif token == '"':
                    buf.append(token)
                    self.state = _State.IDENT
                elif token == "--":
                    buf.append(line[start:])
                    if DIRECTIVE_MARKER in line[start:]:
                        yield Directive(line_no, start + 1, line[start:].rstrip("\r\n"), True, bool(line[:start].strip()))
                    break
                elif token == "/*":
                    buf.append(token)
                    self.state = _State.BLOCK
                    self.depth = 1
                elif token == "\\":
                    meta = self._meta(line, start, line_no)
                    yield meta
                    if meta.name.startswith("g"):
                        # \g, \gx, \gset ... send the query buffer like a semicolon.
                        statement = self._finish(line_no)
                        buf = self.buf
                        if statement is not None:
                            yield statement
                    break
                elif token == ":":
                    variable = _PSQL_VAR.match(line, start)
                    if variable is not None:
                        self.variables.append(variable.group())
                    buf.append(token)
                else:  # a dollar-quote opening tag
                    buf.append(token)
                    self.state = _State.DOLLAR
                    self.tag = token
            elif state is _State.STRING or state is _State.IDENT:
                quote = "'" if state is _State.STRING else '"'
                end = line.find(quote, pos)
                if end < 0:
                    buf.append(line[pos:])
                    break
                if line.startswith(quote, end + 1):  # a doubled quote stays inside
                    buf.append(line[pos : end + 2])
                    pos = end + 2
                else:
                    buf.append(line[pos : end + 1])
                    pos = end + 1
                    self.state = _State.NORMAL
            elif state is _State.ESTRING:
                match = _ESTRING_STOP.search(line, pos)
                if match is None:
                    buf.append(line[pos:])
                    break
                end = match.start()
                if match.group() == "\\":
                    buf.append(line[pos : end + 2])
                    pos = end + 2
                elif line.startswith("'", end + 1):
                    buf.append(line[pos : end + 2])
                    pos = end + 2
                else:
                    buf.append(line[pos : end + 1])
                    pos = end + 1
                    self.state = _State.NORMAL
            elif state is _State.DOLLAR:
                end = line.find(self.tag, pos)
                if end < 0:
                    buf.append(line[pos:])
                    break
                end += len(self.tag)
                buf.append(line[pos:end])
                pos = end
                self.state = _State.NORMAL
            else:  # BLOCK comment, possibly nested
                target = buf if self.started else self.comment_buf
                match = _BLOCK_STOP.search(line, pos)
                if match is None:
                    target.append(line[pos:])
                    break
                target.append(line[pos : match.end()])
                pos = match.end()
                self.depth += 1 if match.group() == "/*" else -1
                if self.depth == 0:
                    self.state = _State.NORMAL
                    if not self.started:
                        text = "".join(self.comment_buf)
                        self.comments.append(Comment(self.comment_start[0], self.comment_start[1], text))
                        self.comment_buf = []

    def _meta(self, line: str, pos: int, line_no: int) -> MetaCommand:
        match = _META.match(line, pos)
        assert match is not None  # the line has a backslash at pos
        name = match.group(1).lower()
        argument = match.group(2).rstrip("\r\n").strip()
        # A meta-command ends the run of leading comments: they belonged to it, not to the next statement.
        if not self.started:
            self.comments = []
        command = MetaCommand(name, argument, line_no, pos + 1)
        if name == "copy" and _copy_reads_stdin(argument):
            self.copy_start = line_no + 1
            self.enter_copy = True
        return command


def split_sql(lines: Iterable[str], first_line: int = 1) -> Iterator[Item]:
    """Yield statements, meta-commands and skipped COPY blocks from an iterable of lines (a text file).

    Lines must keep their newline characters (as file iteration does); memory use is bounded by the
    largest single statement, never by COPY data. ``first_line`` numbers the first line, for callers
    that resume scanning in the middle of a file.
    """
    splitter = _Splitter()
    in_copy = False
    line_no = first_line - 1
    # A file's lines (text.TextLines) skip COPY data in chunks; other iterables go line by line.
    skip_copy_data = getattr(lines, "skip_copy_data", None)
    for line in lines:
        line_no += 1
        if in_copy:
            if line.rstrip("\r\n") == "\\.":
                in_copy = False
                yield CopyData(splitter.copy_start, line_no, True)
            continue
        yield from splitter.feed(line, line_no)
        if splitter.enter_copy:
            splitter.enter_copy = False
            if skip_copy_data is None:
                in_copy = True
                continue
            skipped, terminated = skip_copy_data()
            line_no += skipped
            if not terminated:
                in_copy = True  # reported below, as when the lines run out in the loop
                break
            yield CopyData(splitter.copy_start, line_no, True)
    if in_copy:
        yield CopyData(splitter.copy_start, line_no, False)
        return
    if splitter.state is not _State.NORMAL:
        yield Unterminated(*splitter.open_at, _OPEN_WHAT[splitter.state].format(tag=splitter.tag))
    if splitter.state is _State.BLOCK and not splitter.started:
        return
    statement = splitter._finish(line_no)
    if statement is not None:
        yield statement
