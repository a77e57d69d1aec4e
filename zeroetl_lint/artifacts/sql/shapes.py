"""Read the commonest DDL of a dump from its tokens alone, once sqlglot has read the same shape the same way.

A pg_dump writes thousands of ``CREATE TABLE`` statements made of the same few column definitions and
thousands of ``ALTER TABLE ONLY t ADD CONSTRAINT k PRIMARY KEY (c)``. Building sqlglot's tree for each
costs more than everything else the reader does. So a column definition is handed to sqlglot once per
spelling (the text after its name, and the kind of token its name is), and what sqlglot and the full
reader made of it is kept; an ``ALTER TABLE`` is read by the full reader once per shape (its tokens with
the names left out) and compared with the token reading. Everything else, and every shape the two did
not read alike, takes the full reader, so the result is the full reader's, statement for statement.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.tokens import Token, TokenType

from zeroetl_lint.artifacts.sql.tokens import Frame, fold, summary
from zeroetl_lint.artifacts.sql import changes as cat
from zeroetl_lint.artifacts.sql.changes import Change
from zeroetl_lint.model.catalog import Column, ColumnType, QualifiedName

# Names sqlglot could read as something else: words it matches by their text (constraint kinds,
# functions without parentheses, option words). Collected from the parser's own tables, so that a
# name spelled like one is never assumed to read like any other name.
_PARSER = Dialect.get_or_raise("postgres").parser_class
_SPECIAL_WORDS = frozenset(
    word.upper()
    for attribute in dir(_PARSER)
    if attribute.isupper()
    for value in [getattr(_PARSER, attribute)]
    if isinstance(value, (dict, set, frozenset, tuple, list))
    for item in value
    for word in (item if isinstance(item, tuple) else (item,))
    if isinstance(word, str)
)
_NAME_TYPES = frozenset({TokenType.VAR, TokenType.IDENTIFIER})
# Kept per file; a schema with more distinct spellings than this starts over (bounded memory).
_KEPT = 4096


def _plain_name(token: Token) -> bool:
    """A table, constraint or key-column name that every grammar position reads as just a name."""
    return token.token_type in _NAME_TYPES and (
        token.token_type == TokenType.IDENTIFIER or token.text.upper() not in _SPECIAL_WORDS
    )


def _name(token: Token) -> str:
    return token.text if token.token_type == TokenType.IDENTIFIER else fold(token.text, False)


@dataclass(frozen=True, slots=True)
class _ColumnReading:
    """What the full reader made of one column definition, less its name and position."""

    column_type: ColumnType
    not_null: bool
    identity: bool
    generated: str | None
    primary_key: bool
    unique: bool


# The full reader's column reading: (frame, tokens, statement tree) -> (column, primary key, unique),
# None when sqlglot did not read the statement as one CREATE TABLE with one column definition.
ReadColumn = Callable[[Frame, list[Token]], "tuple[Column, bool, bool] | None"]
ReadAlter = Callable[[Frame, list[Token]], list[Change]]


class KnownShapes:
    """The per-file memory of shapes already read; one per StatementReader."""

    def __init__(self, tokenize: Callable[[str], list[Token]], read_column: ReadColumn, read_alter: ReadAlter) -> None:
        self._tokenize = tokenize
        self._read_column = read_column
        self._read_alter = read_alter
        self._columns: dict[tuple[TokenType, str, str], _ColumnReading | None] = {}
        self._alters: dict[tuple[object, ...], bool] = {}

    # -- CREATE TABLE [IF NOT EXISTS] name (column definitions) ---------------------------------------

    def create_table(self, frame: Frame, tokens: list[Token], default_schema: str | None) -> list[Change] | None:
        """The statement's CreateTable when it is a plain list of known column definitions, else None."""
        size = len(tokens)
        if size < 6 or tokens[0].token_type != TokenType.CREATE or tokens[1].token_type != TokenType.TABLE:
            return None
        i = 2
        if_not_exists = (
            tokens[2].token_type == TokenType.VAR and tokens[2].text.upper() == "IF"
            and tokens[3].token_type == TokenType.NOT and tokens[4].token_type == TokenType.EXISTS
        )
        if if_not_exists:
            i = 5
        found = _qualified(tokens, i)
        if found is None:
            return None
        name, name_token, i = found
        if i >= size or tokens[i].token_type != TokenType.L_PAREN or tokens[-1].token_type != TokenType.R_PAREN:
            return None
        columns: list[Column] = []
        primary_key: tuple[str, ...] | None = None
        unique: list[tuple[str, ...]] = []
        text = frame.text
        depth, start = 0, i + 1
        for j in range(i + 1, size):
            token_type = tokens[j].token_type
            if token_type == TokenType.L_PAREN:
                depth += 1
                continue
            if token_type == TokenType.R_PAREN:
                if depth:
                    depth -= 1
                    continue
                if j != size - 1:
                    return None  # the list closes before the end: options or AS follow
            elif token_type != TokenType.COMMA or depth:
                continue
            # An element ends at tokens[j - 1].
            if j - start < 2:
                return None
            first = tokens[start]
            if first.token_type in (TokenType.CONSTRAINT, TokenType.PRIMARY_KEY, TokenType.UNIQUE, TokenType.LIKE):
                return None
            special = "" if first.token_type == TokenType.IDENTIFIER or first.text.upper() not in _SPECIAL_WORDS \
                else first.text.upper()
            key = (first.token_type, special, text[tokens[start + 1].start : tokens[j - 1].end + 1])
            if key in self._columns:
                reading = self._columns[key]
            else:
                reading = self._learn_column(key, text[first.start : tokens[j - 1].end + 1])
            if reading is None:
                return None
            column = Column(_name(first), reading.column_type, frame.token_location(first), reading.not_null,
                            reading.identity, reading.generated)
            columns.append(column)
            if reading.primary_key:
                primary_key = (column.name,)
            if reading.unique:
                unique.append((column.name,))
            start = j + 1
        if depth or not columns:
            return None
        return [
            cat.CreateTable(
                name if name.schema is not None or default_schema is None else QualifiedName(default_schema, name.name),
                frame.token_location(name_token),
                columns=tuple(columns),
                primary_key=primary_key,
                unique_keys=tuple(unique),
                if_not_exists=if_not_exists,
            )
        ]

    def _learn_column(self, key: tuple[TokenType, str, str], definition: str) -> _ColumnReading | None:
        """Read one column definition with sqlglot and the full reader, in a table of its own."""
        if len(self._columns) >= _KEPT:
            self._columns.clear()
        statement = f"CREATE TABLE t ({definition})"
        # VIRTUAL columns need the full reader's token surgery; PARTITION at the top would be a clause.
        reading: _ColumnReading | None = None
        if "VIRTUAL" not in definition.upper():
            frame = Frame("", 1, 1, statement)
            tokens: list[Token] = []
            try:
                tokens = self._tokenize(statement)
                found = self._read_column(frame, tokens)
            except Exception:  # noqa: BLE001 - whatever sqlglot rejects goes to the full reader
                found = None
            if found is not None and len(tokens) > 4:
                column, primary_key, unique = found
                name_token = tokens[4]
                # The name and position must come from the name token, as create_table takes them.
                if column.name == _name(name_token) and column.location == frame.token_location(name_token):
                    reading = _ColumnReading(column.type, column.not_null, column.identity,
                                             column.generated, primary_key, unique)
        self._columns[key] = reading
        return reading

    # -- ALTER TABLE [IF EXISTS] [ONLY] name ADD CONSTRAINT c {PRIMARY KEY | UNIQUE} (columns) ---------

    def alter_table(self, frame: Frame, tokens: list[Token]) -> list[Change] | None:
        """The statement's AlterTable when it adds one primary key or unique constraint, else None."""
        read = _read_add_key(frame, tokens)
        if read is None:
            return None
        shape, changes = read
        known = self._alters.get(shape)
        if known is None:
            if len(self._alters) >= _KEPT:
                self._alters.clear()
            full = self._read_alter(frame, tokens)
            self._alters[shape] = full == changes
            return full
        return changes if known else None


def _qualified(tokens: list[Token], i: int) -> tuple[QualifiedName, Token, int] | None:
    """``name`` or ``schema.name`` of plain names at ``tokens[i]``, with the last name's token and what follows."""
    size = len(tokens)
    if i >= size or not _plain_name(tokens[i]):
        return None
    if i + 2 < size and tokens[i + 1].token_type == TokenType.DOT:
        if not _plain_name(tokens[i + 2]) or (i + 3 < size and tokens[i + 3].token_type == TokenType.DOT):
            return None
        return QualifiedName(_name(tokens[i]), _name(tokens[i + 2])), tokens[i + 2], i + 3
    return QualifiedName(None, _name(tokens[i])), tokens[i], i + 1


def _read_add_key(frame: Frame, tokens: list[Token]) -> tuple[tuple[object, ...], list[Change]] | None:
    """The token reading of ``ALTER TABLE ... ADD CONSTRAINT c PRIMARY KEY|UNIQUE (a, b)`` and its shape."""
    size = len(tokens)
    if size < 10 or tokens[0].token_type != TokenType.ALTER or tokens[1].token_type != TokenType.TABLE:
        return None
    i = 2
    if_exists = tokens[2].token_type == TokenType.VAR and tokens[2].text.upper() == "IF" \
        and tokens[3].token_type == TokenType.EXISTS
    if if_exists:
        i = 4
    only = tokens[i].token_type == TokenType.ONLY
    if only:
        i += 1
    found = _qualified(tokens, i)
    if found is None:
        return None
    name, name_token, i = found
    if i + 5 >= size or not (tokens[i].token_type == TokenType.VAR and tokens[i].text.upper() == "ADD") \
            or tokens[i + 1].token_type != TokenType.CONSTRAINT or not _plain_name(tokens[i + 2]):
        return None
    constraint, kind = tokens[i + 2], tokens[i + 3].token_type
    if kind not in (TokenType.PRIMARY_KEY, TokenType.UNIQUE) or tokens[i + 4].token_type != TokenType.L_PAREN:
        return None
    columns: list[str] = []
    j = i + 5
    while j < size - 1 and _plain_name(tokens[j]):
        columns.append(_name(tokens[j]))
        if tokens[j + 1].token_type == TokenType.R_PAREN:
            break
        if tokens[j + 1].token_type != TokenType.COMMA:
            return None
        j += 2
    else:
        return None
    if j + 2 != size:
        return None  # something follows the column list (USING INDEX TABLESPACE, DEFERRABLE, ...)
    # The shape: every token but the names, which _plain_name has shown read as names whatever they say.
    shape = tuple(t.token_type if _plain_name(t) else (t.token_type, t.text.upper()) for t in tokens)
    action: cat.AlterAction
    if kind == TokenType.PRIMARY_KEY:
        action = cat.AddPrimaryKey(tuple(columns), _name(constraint), frame.token_location(constraint))
    else:
        action = cat.AddUnique(tuple(columns))
    change = cat.AlterTable(name, frame.token_location(name_token), (action,), only=only, if_exists=if_exists,
                            summary=summary(frame.text, 10))
    return shape, [change]


def column_of_single_table(tree: exp.Expr | None) -> exp.ColumnDef | None:
    """The one column definition of ``CREATE TABLE t (definition)`` as sqlglot read it, else None."""
    if not isinstance(tree, exp.Create) or (tree.args.get("kind") or "").upper() != "TABLE":
        return None
    schema = tree.this
    if not isinstance(schema, exp.Schema) or tree.args.get("expression") is not None or tree.args.get("properties"):
        return None
    items = schema.expressions
    return items[0] if len(items) == 1 and isinstance(items[0], exp.ColumnDef) else None
