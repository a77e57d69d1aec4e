"""Turn one SQL statement into catalog changes: sqlglot where it can, its tokens where it must."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import sqlglot
from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import ParseError
from sqlglot.tokens import Token, TokenType

from zeroetl_lint.artifacts.sql import changes as cat
from zeroetl_lint.artifacts.sql.changes import Change
from zeroetl_lint.model.catalog import Column, ColumnType, Persistence, QualifiedName, TableKind, TypeKind
from zeroetl_lint.artifacts.sql.shapes import KnownShapes, column_of_single_table
from zeroetl_lint.artifacts.sql.split import Statement
from zeroetl_lint.artifacts.sql.tokens import Cursor, Frame, fold, read_type, summary, token_word
from zeroetl_lint.findings import Location
from zeroetl_lint.model.problems import ProblemKind


# The reader's two kinds of problem: what it could not read, and what it read only as opaque text.
PARSE_ERROR = ProblemKind.UNREADABLE
NOT_ANALYSED = ProblemKind.NOT_ANALYSED


@dataclass(frozen=True, slots=True)
class SqlProblem:
    """A statement the reader could not (fully) use, as data: the loader turns it into the run's problem."""

    kind: ProblemKind
    message: str
    location: Location
    # The statement's first words ("ALTER TABLE ONLY public.t"), for messages and suppressions.
    statement: str = ""
    # How to fix it, when the rule's usual advice (fix the statement) does not fit.
    fix: str | None = None


# ---------------------------------------------------------------------------------------------
# Cheap pre-filter: only statements whose leading words can change the catalog reach a parser.

_NAME = r"""(?:"(?:[^"]|"")*"|[^\s."(;,]+)(?:\s*\.\s*(?:"(?:[^"]|"")*"|[^\s."(;,]+))*"""
_RELEVANT = re.compile(
    r"""(?:
        CREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:GLOBAL|LOCAL)\s+)?(?:(?:TEMP|TEMPORARY|UNLOGGED)\s+)?(?:RECURSIVE\s+)?
            (?:TABLE|TYPE|DOMAIN|SCHEMA|DATABASE|EXTENSION|VIEW|MATERIALIZED\s+VIEW|FOREIGN\s+TABLE)
      | ALTER\s+(?:TABLE|FOREIGN\s+TABLE|SCHEMA)
      | DROP\s+(?:TABLE|VIEW|MATERIALIZED\s+VIEW|FOREIGN\s+TABLE|TYPE|SCHEMA|DOMAIN|EXTENSION)
      | SET\s+(?:(?:SESSION|LOCAL)\s+)?search_path
      | SELECT\s+(?:pg_catalog\s*\.\s*)?set_config\s*\(\s*'search_path'
    )(?![\w$])""",
    re.I | re.X,
)
# ALTER TABLE actions that never change what the catalog models. pg_dump writes one per statement
# (OWNER TO, SET DEFAULT nextval(...), foreign keys), so skipping them keeps big dumps cheap.
_IRRELEVANT_ALTER = re.compile(
    rf"""ALTER\s+(?:FOREIGN\s+)?TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?{_NAME}\s*\*?\s+(?:
        OWNER\s+TO | ENABLE | DISABLE | FORCE | NO\s+FORCE | CLUSTER\s+ON | SET\s+WITHOUT | REPLICA\s+IDENTITY
      | VALIDATE\s+CONSTRAINT | SET\s+TABLESPACE | SET\s+ACCESS\s+METHOD | SET\s*\( | RESET\s*\( | OPTIONS\s*\(
      | ALTER\s+(?:COLUMN\s+)?{_NAME}\s+(?:SET\s+DEFAULT|DROP\s+DEFAULT|SET\s+NOT\s+NULL|DROP\s+NOT\s+NULL
            |SET\s+STATISTICS|SET\s+STORAGE|SET\s+COMPRESSION|ADD\s+GENERATED|SET\s+GENERATED|RESTART|SET\s*\(|RESET\s*\()
      | ADD\s+CONSTRAINT\s+{_NAME}\s+(?:FOREIGN\s+KEY|CHECK|EXCLUDE)
      | ADD\s+(?:FOREIGN\s+KEY|CHECK|EXCLUDE)
    )""",
    re.I | re.X,
)
# A comma followed by another action keyword means a multi-action ALTER TABLE: parse it.
_MORE_ACTIONS = re.compile(
    r",\s*(?:ADD|DROP|ALTER|RENAME|SET|ATTACH|DETACH|INHERIT|NO|OWNER|ENABLE|DISABLE|VALIDATE|CLUSTER|REPLICA|FORCE)\b",
    re.I,
)
_ALTER_SCHEMA_RENAME = re.compile(r"ALTER\s+SCHEMA\s+\S.*\bRENAME\s+TO\b", re.I | re.S)


def is_relevant(text: str) -> bool:
    """True when the statement's leading words say it can define or change tables, types or schemas."""
    if _RELEVANT.match(text) is None:
        return False
    head = text[:6].upper()
    if head == "ALTER ":
        if text[6:13].upper().startswith("SCHEMA"):
            return _ALTER_SCHEMA_RENAME.match(text) is not None
        if _IRRELEVANT_ALTER.match(text) is not None and _MORE_ACTIONS.search(text) is None:
            return False
    return True



# ---------------------------------------------------------------------------------------------
# The reader.

_DIALECT = Dialect.get_or_raise("postgres")
_TYPES_KEPT = 4096
SQLGLOT_LOGGER = logging.getLogger("sqlglot")


class _Unhandled(Exception):
    """A statement shape this reader does not model; reported as not analysed."""


class StatementReader:
    """Turns one relevant statement into catalog changes, collecting problems."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.parser = _DIALECT.parser()
        # One tokenizer per file: building one costs more than tokenizing a typical statement.
        self.tokenizer = _DIALECT.tokenizer()
        self.problems: list[SqlProblem] = []
        self.shapes = KnownShapes(self.tokenizer.tokenize, self._single_column, self._alter_table_read)
        # Column types by the text of their column definition after the name: a dump writes the same
        # few definitions thousands of times, and the type depends on nothing else (see _column).
        self._types: dict[str, ColumnType | None] = {}

    # -- entry ---------------------------------------------------------------------------------

    def read(self, statement: Statement) -> list[Change]:
        frame = Frame(self.path, statement.line, statement.column, statement.text)
        if statement.psql_variables:
            self.problems.append(
                SqlProblem(
                    PARSE_ERROR,
                    f"statement uses psql variable {statement.psql_variables[0]}, which only psql can "
                    "substitute; statement skipped",
                    frame.start(),
                    summary(statement.text),
                )
            )
            return []
        return self._guarded(frame, None, "statement")

    def _guarded(self, frame: Frame, default_schema: str | None, what: str) -> list[Change]:
        """Read one statement or schema element; every failure becomes a problem, never an exception."""
        try:
            return self._read(frame, default_schema)
        except ParseError as error:
            detail = error.errors[0] if error.errors else {}
            location = frame.start()
            if detail.get("line") and detail.get("col"):
                location = frame.location(detail["line"], detail["col"], 0, 0)
            description = detail.get("description") or (str(error).splitlines() or ["parse error"])[0]
            self.problems.append(
                SqlProblem(PARSE_ERROR, f"cannot parse {what}: {description}", location, summary(frame.text))
            )
        except _Unhandled as unhandled:
            self.problems.append(
                SqlProblem(
                    NOT_ANALYSED,
                    f"{what} '{summary(frame.text)}' (line {frame.line}) was only parsed as opaque text"
                    f"{' (' + str(unhandled) + ')' if str(unhandled) else ''}; the schema model may miss what it does",
                    frame.start(),
                    summary(frame.text),
                )
            )
        except Exception as error:  # noqa: BLE001 - sqlglot can raise anything on odd input (§6)
            self.problems.append(
                SqlProblem(
                    PARSE_ERROR,
                    f"the SQL parser (sqlglot {sqlglot.__version__}) failed on this {what}: "
                    f"{type(error).__name__}: {error}",
                    frame.start(),
                    summary(frame.text),
                )
            )
        return []

    def _read(self, frame: Frame, default_schema: str | None) -> list[Change]:
        text = frame.text
        tokens = self.tokenizer.tokenize(text)
        cursor = Cursor(tokens)
        # The commonest statements of a dump first, decided as the keyword chain below would decide them.
        if cursor.word(1) == "TABLE":
            first = cursor.word()
            if first == "CREATE":
                return self._create_table(frame, tokens, default_schema)
            if first == "ALTER":
                return self._alter_table(frame, tokens)
        if cursor.accept("SET") or cursor.accept("SELECT"):
            return self._search_path(text)
        if cursor.accept("CREATE"):
            cursor.accept("OR", "REPLACE")
            temp = cursor.accept("GLOBAL") or cursor.accept("LOCAL")
            persistence = Persistence.PERMANENT
            if cursor.accept("TEMPORARY") or cursor.accept("TEMP") or temp:
                persistence = Persistence.TEMPORARY
            elif cursor.accept("UNLOGGED"):
                persistence = Persistence.UNLOGGED
            cursor.accept("RECURSIVE")
            if cursor.accept("SCHEMA"):
                return self._create_schema(frame, cursor)
            if cursor.accept("EXTENSION"):
                return self._create_extension(frame, cursor)
            if cursor.accept("DATABASE"):
                return self._create_database(frame, cursor)
            if cursor.accept("TYPE"):
                return self._create_type(frame, cursor, default_schema)
            if cursor.accept("DOMAIN"):
                return self._create_domain(frame, cursor, default_schema)
            if cursor.accept("MATERIALIZED", "VIEW"):
                return self._create_view(frame, cursor, TableKind.MATERIALIZED_VIEW, persistence, default_schema)
            if cursor.accept("VIEW"):
                return self._create_view(frame, cursor, TableKind.VIEW, persistence, default_schema)
            if cursor.word() == "FOREIGN":
                return self._create_foreign_table(frame, tokens, cursor, default_schema)
            return self._create_table(frame, tokens, default_schema)
        if cursor.accept("ALTER"):
            if cursor.accept("SCHEMA"):
                return self._alter_schema(frame, cursor)
            return self._alter_table(frame, tokens)
        if cursor.accept("DROP"):
            return self._drop(frame, cursor)
        return []

    def _parse(self, tokens: list[Token], text: str) -> exp.Expr | None:
        # One statement at the default IMMEDIATE level: errors raise instead of degrading (§6).
        parsed = self.parser.parse(tokens, text)
        return next((node for node in parsed if node is not None and not isinstance(node, exp.Semicolon)), None)

    # -- search_path ---------------------------------------------------------------------------

    def _search_path(self, text: str) -> list[Change]:
        match = re.match(
            r"SET\s+(?:(?:SESSION|LOCAL)\s+)?search_path\s*(?:=|TO)\s*(.*)\Z", text, re.I | re.S
        )
        if match is not None:
            value = match.group(1).strip()
            if value.upper() == "DEFAULT":
                return [cat.SetSearchPath(("$user", "public"))]
            return [cat.SetSearchPath(tuple(_search_path_items(value)))]
        match = re.match(r"SELECT\s+(?:pg_catalog\s*\.\s*)?set_config\s*\(\s*'search_path'\s*,\s*'((?:[^']|'')*)'", text, re.I)
        if match is not None:
            return [cat.SetSearchPath(tuple(_search_path_items(match.group(1).replace("''", "'"))))]
        return []

    # -- CREATE SCHEMA with embedded elements ----------------------------------------------------

    def _create_schema(self, frame: Frame, cursor: Cursor) -> list[Change]:
        cursor.accept("IF", "NOT", "EXISTS")
        name_token: Token | None = None
        if cursor.accept("AUTHORIZATION"):
            part = cursor.name_part()  # CREATE SCHEMA AUTHORIZATION role: the schema is named after the role
            if part is None:
                raise _Unhandled("no schema name")
            name, name_token = part
        else:
            part = cursor.name_part()
            if part is None:
                raise _Unhandled("no schema name")
            name, name_token = part
            if cursor.accept("AUTHORIZATION"):
                cursor.name_part()
        changes: list[Change] = [cat.CreateSchema(name, frame.token_location(name_token))]
        # Schema elements (CREATE TABLE/VIEW/INDEX/SEQUENCE/TRIGGER, GRANT) follow at top level.
        starts: list[int] = []
        depth = 0
        for index in range(cursor.i, len(cursor.tokens)):
            token = cursor.tokens[index]
            if token.token_type == TokenType.L_PAREN:
                depth += 1
            elif token.token_type == TokenType.R_PAREN:
                depth -= 1
            elif depth == 0 and token.token_type in (TokenType.CREATE, TokenType.GRANT):
                starts.append(token.start)
        bounds = zip(starts, [*starts[1:], len(frame.text)])
        for start, end in bounds:
            element = frame.at(start)
            element = Frame(element.path, element.line, element.column, frame.text[start:end].rstrip())
            if not is_relevant(element.text):
                continue
            changes.extend(self._element(element, name))
        return changes

    def _element(self, frame: Frame, schema: str) -> list[Change]:
        # Each element is read on its own so that one bad element does not hide the others.
        return self._guarded(frame, schema, "schema element")

    # -- small statements read from tokens -------------------------------------------------------

    def _create_extension(self, frame: Frame, cursor: Cursor) -> list[Change]:
        cursor.accept("IF", "NOT", "EXISTS")
        part = cursor.name_part()
        if part is None:
            raise _Unhandled("no extension name")
        schema: str | None = None
        while cursor.peek() is not None:
            if cursor.accept("SCHEMA"):
                found = cursor.name_part()
                schema = found[0] if found else None
            else:
                cursor.i += 1
        return [cat.CreateExtension(part[0], schema, frame.token_location(part[1]))]

    def _create_database(self, frame: Frame, cursor: Cursor) -> list[Change]:
        part = cursor.name_part()
        if part is None:
            raise _Unhandled("no database name")
        encoding: str | None = None
        while (token := cursor.peek()) is not None:
            cursor.i += 1
            if token.text.upper() == "ENCODING":
                if cursor.is_type(TokenType.EQ):
                    cursor.i += 1
                value = cursor.peek()
                if value is not None:
                    encoding = value.text if value.token_type != TokenType.DEFAULT else None
                    cursor.i += 1
        return [cat.CreateDatabase(part[0], encoding, frame.token_location(part[1]))]

    def _create_type(self, frame: Frame, cursor: Cursor, default_schema: str | None) -> list[Change]:
        found = cursor.qualified()
        if found is None:
            raise _Unhandled("no type name")
        name, token = found
        name = _with_default(name, default_schema)
        location = frame.token_location(token)
        if cursor.accept("AS", "ENUM"):
            labels = tuple(t.text for t in cursor.tokens[cursor.i :] if t.token_type == TokenType.STRING)
            return [cat.CreateType(name, TypeKind.ENUM, location, labels)]
        if cursor.accept("AS", "RANGE"):
            return [cat.CreateType(name, TypeKind.RANGE, location)]
        if cursor.accept("AS"):
            return [cat.CreateType(name, TypeKind.COMPOSITE, location)]
        if cursor.is_type(TokenType.L_PAREN):
            return [cat.CreateType(name, TypeKind.BASE, location)]
        if cursor.peek() is None:
            return [cat.CreateType(name, TypeKind.SHELL, location)]
        raise _Unhandled("unknown CREATE TYPE form")

    def _create_domain(self, frame: Frame, cursor: Cursor, default_schema: str | None) -> list[Change]:
        found = cursor.qualified()
        if found is None:
            raise _Unhandled("no domain name")
        name, token = found
        cursor.accept("AS")
        base = read_type(cursor, frame.text)
        if base is None:
            raise _Unhandled("no base type")
        return [cat.CreateDomain(_with_default(name, default_schema), base, frame.token_location(token))]

    def _create_view(
        self,
        frame: Frame,
        cursor: Cursor,
        kind: TableKind,
        persistence: Persistence,
        default_schema: str | None,
    ) -> list[Change]:
        # Only the name matters for the catalog; view bodies are not parsed (they cost the most).
        cursor.accept("IF", "NOT", "EXISTS")
        found = cursor.qualified()
        if found is None:
            raise _Unhandled("no view name")
        name, token = found
        return [
            cat.CreateTable(
                _with_default(name, default_schema),
                frame.token_location(token),
                kind=kind,
                persistence=persistence,
                columns_known=False,
                or_replace=True,
            )
        ]

    def _create_foreign_table(
        self, frame: Frame, tokens: list[Token], cursor: Cursor, default_schema: str | None
    ) -> list[Change]:
        # sqlglot has no CREATE FOREIGN TABLE: blank out FOREIGN and cut at SERVER, which keeps every
        # offset, and parse the rest as CREATE TABLE.
        foreign = tokens[cursor.i]
        depth, cut = 0, len(frame.text)
        for token in tokens[cursor.i :]:
            if token.token_type == TokenType.L_PAREN:
                depth += 1
            elif token.token_type == TokenType.R_PAREN:
                depth -= 1
            elif depth == 0 and token.text.upper() == "SERVER":
                cut = token.start
                break
        text = frame.text[: foreign.start] + " " * (foreign.end + 1 - foreign.start) + frame.text[foreign.end + 1 : cut]
        rewritten = Frame(frame.path, frame.line, frame.column, text.rstrip())
        changes = self._create_table(rewritten, self.tokenizer.tokenize(rewritten.text), default_schema)
        return [
            cat.CreateTable(**{**_fields(change), "kind": TableKind.FOREIGN_TABLE})
            if isinstance(change, cat.CreateTable)
            else change
            for change in changes
        ]

    def _alter_schema(self, frame: Frame, cursor: Cursor) -> list[Change]:
        old = cursor.name_part()
        if old is None or not cursor.accept("RENAME", "TO"):
            return []
        new = cursor.name_part()
        if new is None:
            raise _Unhandled("no new schema name")
        return [cat.RenameSchema(old[0], new[0], frame.token_location(old[1]), summary(frame.text, 8))]

    def _drop(self, frame: Frame, cursor: Cursor) -> list[Change]:
        kind = ""
        for candidate in ("MATERIALIZED VIEW", "FOREIGN TABLE", "TABLE", "VIEW", "TYPE", "DOMAIN", "SCHEMA", "EXTENSION"):
            if cursor.accept(*candidate.split()):
                kind = candidate.lower()
                break
        if not kind:
            return []
        cursor.accept("IF", "EXISTS")
        names: list[QualifiedName] = []
        while True:
            found = cursor.qualified()
            if found is None:
                break
            name = found[0]
            if kind in ("schema", "extension"):
                name = QualifiedName(None, name.name if name.schema is None else name.schema)
            names.append(name)
            if not cursor.is_type(TokenType.COMMA):
                break
            cursor.i += 1
        cascade = cursor.accept("CASCADE")
        return [cat.Drop(kind, tuple(names), frame.start(), cascade)]

    # -- CREATE TABLE ----------------------------------------------------------------------------

    def _create_table(self, frame: Frame, tokens: list[Token], default_schema: str | None) -> list[Change]:
        known = self.shapes.create_table(frame, tokens, default_schema)
        return known if known is not None else self._create_table_read(frame, tokens, default_schema)

    def _single_column(self, frame: Frame, tokens: list[Token]) -> tuple[Column, bool, bool] | None:
        """The column of ``CREATE TABLE t (definition)`` as the full reader reads it (for KnownShapes)."""
        item = column_of_single_table(self._parse(tokens, frame.text))
        if item is None:
            return None
        column, primary_key, unique = self._column(frame, tokens, {t.start: i for i, t in enumerate(tokens)}, item, set())
        return None if column is None else (column, primary_key, unique)

    def _create_table_read(self, frame: Frame, tokens: list[Token], default_schema: str | None) -> list[Change]:
        # Two token scans most tables never need: decided once on the text (dumps have thousands of tables).
        upper = frame.text.upper()
        virtual = _strip_virtual(tokens) if "VIRTUAL" in upper else set()
        try:
            node = self._parse(tokens, frame.text)
        except ParseError as error:
            return self._create_table_by_element(frame, tokens, default_schema, virtual, error)
        if isinstance(node, exp.Command) or not isinstance(node, exp.Create):
            return self._opaque_table(frame, tokens, default_schema)
        if (node.args.get("kind") or "").upper() != "TABLE":
            raise _Unhandled(f"CREATE {node.args.get('kind')}")
        target = node.this
        schema_node = target if isinstance(target, exp.Schema) else None
        table_node = target.this if isinstance(target, exp.Schema) else target
        if not isinstance(table_node, exp.Table):
            raise _Unhandled("no table name")
        name = _with_default(_table_name(table_node), default_schema)
        location = frame.node_location(table_node.this) or frame.start()
        properties = node.args.get("properties")
        persistence = Persistence.PERMANENT
        partitioned_by: str | None = None
        partition_of: QualifiedName | None = None
        inherits: tuple[QualifiedName, ...] = ()
        index = {token.start: i for i, token in enumerate(tokens)}
        for prop in properties.expressions if properties else ():
            if isinstance(prop, (exp.TemporaryProperty, exp.GlobalProperty)):
                persistence = Persistence.TEMPORARY
            elif isinstance(prop, exp.UnloggedProperty):
                persistence = Persistence.UNLOGGED
            elif isinstance(prop, exp.PartitionedOfProperty):
                parent = prop.this
                if isinstance(parent, exp.Schema):
                    schema_node = parent
                    parent = parent.this
                if isinstance(parent, exp.Table):
                    partition_of = _with_default(_table_name(parent), default_schema)
            elif isinstance(prop, exp.InheritsProperty):
                inherits = tuple(
                    _with_default(_table_name(t), default_schema)
                    for t in prop.expressions
                    if isinstance(t, exp.Table)
                )
        partitioned_by = _partition_by(frame.text, tokens) if "PARTITION" in upper else None
        items = schema_node.expressions if schema_node is not None else []
        columns, primary_key, primary_key_name, unique, like = self._table_items(
            frame, tokens, index, items, virtual, default_schema
        )
        columns_known = node.args.get("expression") is None
        return [
            cat.CreateTable(
                name,
                location,
                columns=tuple(columns),
                primary_key=primary_key,
                primary_key_name=primary_key_name,
                unique_keys=tuple(unique),
                persistence=persistence,
                partitioned_by=partitioned_by,
                partition_of=partition_of,
                inherits=inherits,
                like=tuple(like),
                columns_known=columns_known,
                if_not_exists=bool(node.args.get("exists")),
            )
        ]

    def _table_items(
        self,
        frame: Frame,
        tokens: list[Token],
        index: dict[int, int],
        items: Sequence[exp.Expr],
        virtual: set[int],
        default_schema: str | None,
    ) -> tuple[list[Column], tuple[str, ...] | None, str | None, list[tuple[str, ...]], list[cat.LikeClause]]:
        columns: list[Column] = []
        primary_key: tuple[str, ...] | None = None
        primary_key_name: str | None = None
        unique: list[tuple[str, ...]] = []
        like: list[cat.LikeClause] = []
        for item in items:
            if isinstance(item, exp.ColumnDef):
                column, is_pk, is_unique = self._column(frame, tokens, index, item, virtual)
                if column is None:
                    if is_pk or is_unique:  # a partition's key on a column of its parent
                        name = _ident(item.this)
                        primary_key = (name,) if is_pk else primary_key
                        unique.extend([(name,)] if is_unique else [])
                    continue
                columns.append(column)
                if is_pk:
                    primary_key = (column.name,)
                if is_unique:
                    unique.append((column.name,))
            elif isinstance(item, (exp.Constraint, exp.PrimaryKey, exp.UniqueColumnConstraint)):
                found_pk = item.find(exp.PrimaryKey)
                if found_pk is not None:
                    primary_key = _column_names(found_pk.expressions)
                    if isinstance(item, exp.Constraint) and isinstance(item.this, exp.Identifier):
                        primary_key_name = fold(item.this.this, item.this.quoted)
                found_unique = item if isinstance(item, exp.UniqueColumnConstraint) else item.find(exp.UniqueColumnConstraint)
                if found_unique is not None and isinstance(found_unique.this, exp.Schema):
                    unique.append(_column_names(found_unique.this.expressions))
            elif isinstance(item, exp.LikeProperty) and isinstance(item.this, exp.Table):
                words = [w for p in item.expressions for w in p.sql().upper().replace("=", " ").split()]
                first = item.this.args.get("db") or item.this.this
                position = index.get(first.meta.get("start", -1)) if isinstance(first, exp.Expr) else None
                last = index.get(item.this.this.meta.get("start", -1)) if isinstance(item.this.this, exp.Expr) else None
                if position is None or last is None:
                    continue
                if position > 0 and tokens[position - 1].token_type == TokenType.LIKE:
                    position -= 1
                like.append(_like_clause(frame, tokens[position], tokens[last],
                                         _with_default(_table_name(item.this), default_schema), words))
        return columns, primary_key, primary_key_name, unique, like

    def _create_table_by_element(
        self,
        frame: Frame,
        tokens: list[Token],
        default_schema: str | None,
        virtual: set[int],
        error: ParseError,
    ) -> list[Change]:
        """Recover from a ParseError in ``CREATE TABLE name (...)``: parse each column or constraint alone.

        sqlglot rejects some valid PostgreSQL (``bit varying(5)``, ``decimal(5,-2)``, ``interval second(3)``,
        ``NOT DEFERRABLE`` foreign keys); one such element must not hide the table and its primary key. An
        element sqlglot rejects is read from its tokens; only what neither can read is reported (ZE901),
        by name, so a statement read whole is no parse error at all.
        """
        cursor = Cursor(tokens)
        cursor.accept("CREATE")
        header_words = []
        while (word := cursor.word()) in ("GLOBAL", "LOCAL", "TEMPORARY", "TEMP", "UNLOGGED"):
            header_words.append(word)
            cursor.i += 1
        if not cursor.accept("TABLE"):
            raise error
        cursor.accept("IF", "NOT", "EXISTS")
        found = cursor.qualified()
        if found is None:
            raise error
        name, name_token = found
        table_name = str(_with_default(name, default_schema))
        partition_of: QualifiedName | None = None
        if cursor.accept("PARTITION", "OF"):
            parent = cursor.qualified()
            if parent is None:
                raise error
            partition_of = _with_default(parent[0], default_schema)
        has_list = cursor.is_type(TokenType.L_PAREN)
        if not has_list and partition_of is None:
            raise error
        # Without a column list (a partition: FOR VALUES follows the parent's name) nothing is read here.
        open_index, close_index, starts = cursor.i, cursor.i - 1, []
        if has_list:
            depth, close_index, starts = 0, -1, [open_index + 1]
            for i in range(open_index, len(tokens)):
                token_type = tokens[i].token_type
                if token_type == TokenType.L_PAREN:
                    depth += 1
                elif token_type == TokenType.R_PAREN:
                    depth -= 1
                    if depth == 0:
                        close_index = i
                        break
                elif token_type == TokenType.COMMA and depth == 1:
                    starts.append(i + 1)
            if close_index < 0:
                raise error
        header = tokens[: open_index + 1]
        items: list[exp.Expr] = []
        read: list[_TokenElement] = []
        for start, end in zip(starts, [*starts[1:], close_index + 1]):
            element = tokens[start : end - 1]
            if not element:
                continue
            try:
                if partition_of is not None:  # sqlglot reads partition column lists only with FOR VALUES
                    raise error
                node = self._parse([*header, *element, tokens[close_index]], frame.text)
            except Exception as element_error:  # noqa: BLE001 - read the element from its tokens, or report it
                token_element = self._token_element(
                    frame, element, default_schema, start in virtual, partition=partition_of is not None
                )
                if token_element is None:
                    self.problems.append(self._lost_element(frame, element, table_name, element_error))
                else:
                    read.append(token_element)
                continue
            if isinstance(node, exp.Create) and isinstance(node.this, exp.Schema):
                items.extend(node.this.expressions)
        index = {token.start: i for i, token in enumerate(tokens)}
        columns, primary_key, primary_key_name, unique, like = self._table_items(
            frame, tokens, index, items, virtual, default_schema
        )
        for token_element in read:
            if token_element.column is not None:
                columns.append(token_element.column)
            if token_element.primary_key is not None:
                primary_key, primary_key_name = token_element.primary_key, token_element.primary_key_name
            if token_element.unique is not None:
                unique.append(token_element.unique)
            if token_element.like is not None:
                like.append(token_element.like)
        # Keep the statement's column order: parsed and token-read columns interleave by position.
        columns.sort(key=lambda c: (c.location.line or 0, c.location.column or 0))
        trailing = Cursor(tokens, close_index + 1)
        if trailing.peek() is not None and trailing.word().split(" ")[0] not in _TABLE_TRAILERS:
            rest = tokens[close_index + 1]
            self.problems.append(
                SqlProblem(
                    PARSE_ERROR,
                    f"cannot parse CREATE TABLE {table_name} after its column list (`{summary(frame.text[rest.start :], 4)}`): "
                    f"{_description(error)}; only the column list was read",
                    frame.token_location(rest),
                    summary(frame.text),
                )
            )
        inherits: list[QualifiedName] = []
        if trailing.accept("INHERITS") and trailing.is_type(TokenType.L_PAREN):
            trailing.i += 1
            while (parent := trailing.qualified()) is not None:
                inherits.append(_with_default(parent[0], default_schema))
                if not trailing.is_type(TokenType.COMMA):
                    break
                trailing.i += 1
        persistence = Persistence.PERMANENT
        if any(word.startswith("TEMP") for word in header_words):
            persistence = Persistence.TEMPORARY
        elif "UNLOGGED" in header_words:
            persistence = Persistence.UNLOGGED
        return [
            cat.CreateTable(
                _with_default(name, default_schema),
                frame.token_location(name_token),
                columns=tuple(columns),
                primary_key=primary_key,
                primary_key_name=primary_key_name,
                unique_keys=tuple(unique),
                persistence=persistence,
                partitioned_by=_partition_by(frame.text, tokens),
                partition_of=partition_of,
                inherits=tuple(inherits),
                like=tuple(like),
            )
        ]

    def _token_element(
        self, frame: Frame, element: list[Token], default_schema: str | None, virtual: bool, partition: bool = False
    ) -> _TokenElement | None:
        """A column or table constraint read from its tokens; None when they do not read as one."""
        cursor = Cursor(element)
        constraint = _starts_constraint(cursor)
        if not constraint and partition:
            # A partition's columns are its parent's: ``name [WITH OPTIONS] constraints`` only adds constraints.
            part = cursor.name_part()
            if part is None:
                return None
            words = [cursor.word(ahead) for ahead in range(len(element) - cursor.i)]
            return _TokenElement(primary_key=(part[0],) if "PRIMARY KEY" in words else None)
        if not constraint:
            found = self._token_column(frame, cursor, virtual)
            if found is None or not found.complete:
                return None
            return _TokenElement(column=found.column, primary_key=(found.column.name,) if found.primary_key else None,
                                 unique=(found.column.name,) if found.unique else None)
        constraint_name = None
        if cursor.accept("CONSTRAINT"):
            part = cursor.name_part()
            if part is None:
                return None
            constraint_name = part[0]
        if cursor.accept("PRIMARY", "KEY"):
            names = _name_list(cursor)
            return None if names is None else _TokenElement(primary_key=names, primary_key_name=constraint_name)
        if cursor.accept("UNIQUE"):
            if not cursor.accept("NULLS", "NOT", "DISTINCT"):
                cursor.accept("NULLS", "DISTINCT")
            names = _name_list(cursor)
            return None if names is None else _TokenElement(unique=names)
        if cursor.word().split(" ")[0] in ("CHECK", "FOREIGN", "EXCLUDE"):
            return _TokenElement()  # the catalog keeps none of these, so nothing is lost
        if constraint_name is None and cursor.accept("LIKE"):
            source = cursor.qualified()
            if source is None:
                return None
            words = [cursor.word(ahead) for ahead in range(len(element) - cursor.i)]
            return _TokenElement(like=_like_clause(frame, element[0], source[1],
                                                   _with_default(source[0], default_schema), words))
        return None

    def _lost_element(self, frame: Frame, element: list[Token], table: str, error: Exception) -> SqlProblem:
        """The ZE901 problem for a column or constraint that neither sqlglot nor the token reader can read."""
        cursor = Cursor(element)
        text = frame.text[element[0].start : element[-1].end + 1]
        location = frame.token_location(element[0])
        described = _description(error)
        if _starts_constraint(cursor):
            what = f"constraint `{summary(text, 8)}`"
            words = {cursor.word(ahead).split(" ")[0] for ahead in range(min(len(element), 4))}
            effect = ", so its primary key may be missing" if "PRIMARY" in words or "PRIMARY KEY" in words else ""
            message = f"cannot parse {what} of table {table}: {described}; the table was read without it{effect}"
        else:
            part = cursor.name_part()
            what = f"column {part[0]}" if part is not None else f"column definition `{summary(text, 8)}`"
            message = f"cannot parse {what} of table {table}: {described}; the table was read without it"
        return SqlProblem(PARSE_ERROR, message, location, summary(frame.text))

    def _opaque_table(self, frame: Frame, tokens: list[Token], default_schema: str | None) -> list[Change]:
        # sqlglot fell back to exp.Command (e.g. CREATE TABLE t OF type): keep the table by name, with
        # unknown columns, and tell the user the rest was not analysed.
        cursor = Cursor(tokens)
        cursor.accept("CREATE")
        for word in ("GLOBAL", "LOCAL", "TEMPORARY", "TEMP", "UNLOGGED"):
            cursor.accept(word)
        changes: list[Change] = []
        persistence = Persistence.PERMANENT
        head = frame.text[:40].upper()
        if "TEMP" in head.split("TABLE")[0]:
            persistence = Persistence.TEMPORARY
        elif "UNLOGGED" in head.split("TABLE")[0]:
            persistence = Persistence.UNLOGGED
        if cursor.accept("TABLE"):
            cursor.accept("IF", "NOT", "EXISTS")
            found = cursor.qualified()
            if found is not None:
                changes.append(
                    cat.CreateTable(
                        _with_default(found[0], default_schema),
                        frame.token_location(found[1]),
                        persistence=persistence,
                        columns_known=False,
                    )
                )
        self.problems.append(
            SqlProblem(
                NOT_ANALYSED,
                f"statement '{summary(frame.text)}' (line {frame.line}) was only parsed as opaque text; "
                "the table's columns and keys are unknown",
                frame.start(),
                summary(frame.text),
            )
        )
        return changes

    def _column(
        self,
        frame: Frame,
        tokens: list[Token],
        index: dict[int, int],
        item: exp.ColumnDef,
        virtual: set[int],
    ) -> tuple[Column | None, bool, bool]:
        ident = item.this
        if not isinstance(ident, exp.Identifier):
            return None, False, False
        name = fold(ident.this, ident.quoted)
        location = frame.node_location(ident) or frame.start()
        start = ident.meta.get("start")
        column_type: ColumnType | None = None
        position = index.get(start) if start is not None else None
        if position is not None:
            column_type = self._column_type(frame.text, tokens, position + 1)
        if column_type is None:
            # PARTITION OF ... (col WITH OPTIONS ...) columns have no type: they come from the parent, and only
            # their constraints (a primary key) are the partition's own.
            keys = {type(c.args.get("kind")) for c in item.constraints}
            return None, exp.PrimaryKeyColumnConstraint in keys, exp.UniqueColumnConstraint in keys
        not_null = identity = is_pk = is_unique = False
        generated: str | None = None
        for constraint in item.constraints:
            kind = constraint.args.get("kind")
            if isinstance(kind, exp.PrimaryKeyColumnConstraint):
                is_pk = not_null = True
            elif isinstance(kind, exp.UniqueColumnConstraint):
                is_unique = True
            elif isinstance(kind, exp.NotNullColumnConstraint):
                not_null = not kind.args.get("allow_null")
            elif isinstance(kind, exp.ComputedColumnConstraint):
                generated = "stored"
            elif isinstance(kind, exp.GeneratedAsIdentityColumnConstraint):
                if kind.args.get("expression") is not None:
                    generated = "stored"
                else:
                    identity = True
        if position is not None and position in virtual:
            generated = "virtual"
        return Column(name, column_type, location, not_null, identity, generated), is_pk, is_unique

    def _column_type(self, text: str, tokens: list[Token], first: int) -> ColumnType | None:
        """The type of the column definition whose type starts at ``tokens[first]``, read once per spelling.

        read_type never reads past the definition's end (a top-level comma or the list's closing
        parenthesis), and a definition's text after the name fixes its tokens, so that text is the key.
        """
        depth, end, size = 0, first, len(tokens)
        while end < size:
            token_type = tokens[end].token_type
            if token_type == TokenType.L_PAREN:
                depth += 1
            elif token_type == TokenType.R_PAREN:
                if depth == 0:
                    break
                depth -= 1
            elif token_type == TokenType.COMMA and depth == 0:
                break
            end += 1
        key = text[tokens[first].start : tokens[end - 1].end + 1] if end > first else ""
        try:
            return self._types[key]
        except KeyError:
            if len(self._types) >= _TYPES_KEPT:
                self._types.clear()  # bounded memory: definitions with unique defaults would grow it forever
            found = self._types[key] = read_type(Cursor(tokens, first), text)
            return found

    # -- ALTER TABLE -----------------------------------------------------------------------------

    def _alter_table(self, frame: Frame, tokens: list[Token]) -> list[Change]:
        known = self.shapes.alter_table(frame, tokens)
        return known if known is not None else self._alter_table_read(frame, tokens)

    def _alter_table_read(self, frame: Frame, tokens: list[Token]) -> list[Change]:
        node = self._parse(tokens, frame.text)
        if isinstance(node, exp.Command) or not isinstance(node, exp.Alter):
            return self._alter_table_tokens(frame, tokens)
        table_node = node.this
        if not isinstance(table_node, exp.Table):
            raise _Unhandled("no table name")
        index = {token.start: i for i, token in enumerate(tokens)}
        actions: list[cat.AlterAction] = []
        options = node.args.get("options") or []
        for action in node.args.get("actions") or []:
            actions.extend(self._alter_action(frame, tokens, index, action, options))
        if not actions:
            return []
        return [
            cat.AlterTable(
                _table_name(table_node),
                frame.node_location(table_node.this) or frame.start(),
                tuple(actions),
                only=bool(node.args.get("only")),
                if_exists=bool(node.args.get("exists")),
                summary=summary(frame.text, 10),
            )
        ]

    def _alter_action(
        self,
        frame: Frame,
        tokens: list[Token],
        index: dict[int, int],
        action: exp.Expr,
        options: list[exp.Expr],
    ) -> list[cat.AlterAction]:
        location = frame.start()
        if isinstance(action, exp.ColumnDef):
            column, is_pk, _ = self._column(frame, tokens, index, action, set())
            return [cat.AddColumn(column, is_pk)] if column is not None else []
        if isinstance(action, exp.AddConstraint):
            result: list[cat.AlterAction] = []
            for item in action.expressions:
                constraint_name = None
                if isinstance(item, exp.Constraint) and isinstance(item.this, exp.Identifier):
                    constraint_name = fold(item.this.this, item.this.quoted)
                    location = frame.node_location(item.this) or location
                found_pk = item if isinstance(item, exp.PrimaryKey) else item.find(exp.PrimaryKey)
                if found_pk is not None:
                    result.append(cat.AddPrimaryKey(_column_names(found_pk.expressions), constraint_name, location))
                found_unique = item.find(exp.UniqueColumnConstraint)
                if found_unique is not None and isinstance(found_unique.this, exp.Schema):
                    result.append(cat.AddUnique(_column_names(found_unique.this.expressions)))
            return result
        if isinstance(action, exp.Drop):
            kind = (action.args.get("kind") or "").upper()
            result = []
            for target in action.args.get("tables") or []:
                ident = target.this if isinstance(target, (exp.Table, exp.Column)) else target
                if not isinstance(ident, exp.Identifier):
                    continue
                name = fold(ident.this, ident.quoted)
                where = frame.node_location(ident) or location
                if kind == "CONSTRAINT":
                    result.append(cat.DropConstraint(name, where))
                elif kind == "COLUMN" or not kind:
                    result.append(cat.DropColumn(name, where))
            return result
        if isinstance(action, exp.AlterColumn):
            dtype = action.args.get("dtype")
            ident = action.this
            if dtype is None or not isinstance(ident, exp.Identifier):
                return []
            position = index.get(ident.meta.get("start", -1))
            if position is None:
                return []
            cursor = Cursor(tokens, position + 1)
            cursor.accept("SET", "DATA")
            cursor.accept("TYPE")
            column_type = read_type(cursor, frame.text)
            if column_type is None:
                raise _Unhandled("column type not read")
            where = frame.node_location(ident) or location
            return [cat.AlterColumnType(fold(ident.this, ident.quoted), column_type, where)]
        if isinstance(action, exp.RenameColumn):
            old, new = action.this, action.args.get("to")
            if isinstance(old, exp.Column) and isinstance(new, exp.Column):
                return [cat.RenameColumn(_ident(old.this), _ident(new.this))]
            return []
        if isinstance(action, exp.AlterRename):
            target = action.this
            if not isinstance(target, exp.Table):
                return []
            to = next((o.this for o in options if isinstance(o, exp.ToTableProperty)), None)
            if isinstance(to, exp.Table):
                # ALTER TABLE t RENAME a TO b renames a column (sqlglot reads it as a table rename).
                return [cat.RenameColumn(_ident(target.this), _ident(to.this))]
            return [cat.RenameTable(_ident(target.this))]
        if isinstance(action, exp.AlterSet):
            option = action.args.get("option")
            value = option.name.upper() if isinstance(option, exp.Expr) else ""
            if value in ("LOGGED", "UNLOGGED"):
                return [cat.SetPersistence(value == "LOGGED", location)]
            return []
        return []

    def _alter_table_tokens(self, frame: Frame, tokens: list[Token]) -> list[Change]:
        """ALTER TABLE forms sqlglot keeps opaque: SET SCHEMA, ATTACH/DETACH PARTITION, (NO) INHERIT, ..."""
        cursor = Cursor(tokens)
        cursor.accept("ALTER")
        cursor.accept("FOREIGN")
        cursor.accept("TABLE")
        if_exists = cursor.accept("IF", "EXISTS")
        only = cursor.accept("ONLY")
        found = cursor.qualified()
        if found is None:
            raise _Unhandled("no table name")
        name, name_token = found
        if cursor.is_type(TokenType.STAR):
            cursor.i += 1
        actions: list[cat.AlterAction] = []
        while cursor.peek() is not None:
            start = cursor.peek()
            assert start is not None
            location = frame.token_location(start)
            if cursor.accept("SET", "SCHEMA"):
                schema = cursor.name_part()
                if schema is None:
                    raise _Unhandled("SET SCHEMA without a name")
                actions.append(cat.SetSchema(schema[0], location))
            elif cursor.accept("ATTACH", "PARTITION"):
                child = cursor.qualified()
                if child is None:
                    raise _Unhandled("ATTACH PARTITION without a name")
                actions.append(cat.AttachPartition(child[0]))
            elif cursor.accept("DETACH", "PARTITION"):
                child = cursor.qualified()
                if child is None:
                    raise _Unhandled("DETACH PARTITION without a name")
                actions.append(cat.DetachPartition(child[0]))
            elif cursor.accept("NO", "INHERIT"):
                parent = cursor.qualified()
                if parent is not None:
                    actions.append(cat.Inherit(parent[0], remove=True))
            elif cursor.accept("INHERIT"):
                parent = cursor.qualified()
                if parent is not None:
                    actions.append(cat.Inherit(parent[0]))
            elif cursor.accept("SET", "LOGGED"):
                actions.append(cat.SetPersistence(True, location))
            elif cursor.accept("SET", "UNLOGGED"):
                actions.append(cat.SetPersistence(False, location))
            elif cursor.accept("ALTER"):
                # ALTER [COLUMN] c [SET DATA] TYPE t: sqlglot keeps it opaque for types such as bit varying(n).
                cursor.accept("COLUMN")
                column = cursor.name_part()
                if column is not None and (cursor.accept("SET", "DATA", "TYPE") or cursor.accept("TYPE")):
                    column_type = read_type(cursor, frame.text)
                    if column_type is None:
                        raise _Unhandled("column type not read")
                    actions.append(cat.AlterColumnType(column[0], column_type, frame.token_location(column[1])))
            elif cursor.accept("RENAME", "CONSTRAINT"):
                old = cursor.name_part()
                if old is not None and cursor.accept("TO") and (new := cursor.name_part()) is not None:
                    actions.append(cat.RenameConstraint(old[0], new[0]))
            elif cursor.word() == "ADD" and cursor.word(1) not in (
                "CONSTRAINT", "PRIMARY KEY", "PRIMARY", "UNIQUE", "FOREIGN KEY", "FOREIGN", "CHECK", "EXCLUDE"
            ):
                cursor.accept("ADD")
                cursor.accept("COLUMN")
                cursor.accept("IF", "NOT", "EXISTS")
                found_column = self._token_column(frame, cursor)
                if found_column is None:
                    raise _Unhandled("ADD COLUMN not read")
                actions.append(cat.AddColumn(found_column.column, found_column.primary_key))
            elif cursor.accept("ADD"):
                constraint_name = None
                if cursor.accept("CONSTRAINT"):
                    part = cursor.name_part()
                    constraint_name = part[0] if part else None
                if cursor.accept("PRIMARY", "KEY"):
                    actions.append(cat.AddPrimaryKey((), constraint_name, location, using_index=True))
                elif cursor.word() not in ("UNIQUE", "FOREIGN KEY", "FOREIGN", "CHECK", "EXCLUDE"):
                    raise _Unhandled("ADD form not modelled")
            elif not _ignorable_action(cursor):
                raise _Unhandled(f"action {cursor.word() or (cursor.peek().text if cursor.peek() else '')}")
            _skip_to_next_action(cursor)
        if not actions:
            return []
        return [
            cat.AlterTable(
                name,
                frame.token_location(name_token),
                tuple(actions),
                only=only,
                if_exists=if_exists,
                summary=summary(frame.text, 10),
            )
        ]


    def _token_column(self, frame: Frame, cursor: Cursor, virtual: bool = False) -> _TokenColumn | None:
        """A column definition read from its tokens (the cursor at its name), up to the next top-level comma."""
        found = cursor.name_part()
        if found is None:
            return None
        name, token = found
        column_type = read_type(cursor, frame.text)
        if column_type is None:
            return None
        # Only keywords count: a DEFAULT 'NOT NULL' string is no constraint.
        depth, words = 0, []
        for later in cursor.tokens[cursor.i :]:
            if later.token_type == TokenType.L_PAREN:
                depth += 1
            elif later.token_type == TokenType.R_PAREN:
                depth -= 1
            elif later.token_type == TokenType.COMMA and depth == 0:
                break
            if depth == 0:
                words.append(token_word(later.token_type, later.text))
        flat = " ".join(words)
        identity = generated = None
        if "GENERATED" in words:
            identity = "IDENTITY" in words
            generated = None if identity else ("virtual" if virtual or "VIRTUAL" in words else "stored")
        # Read completely: a type PostgreSQL could mean (several unquoted words only for built-in names), then
        # nothing or a column constraint.
        plausible_type = column_type.builtin or " " not in column_type.name or '"' in column_type.text
        complete = plausible_type and (not words or words[0].split(" ")[0] in _COLUMN_CONSTRAINT_WORDS)
        column = Column(name, column_type, frame.token_location(token), "NOT NULL" in flat, bool(identity), generated)
        return _TokenColumn(column, "PRIMARY KEY" in words, "UNIQUE" in words, complete)


@dataclass(frozen=True, slots=True)
class _TokenColumn:
    column: Column
    primary_key: bool
    unique: bool
    # False when something after the name is neither a type nor a column constraint.
    complete: bool


@dataclass(frozen=True, slots=True)
class _TokenElement:
    """One element of a CREATE TABLE column list, read from tokens (an empty one: a constraint not modelled)."""

    column: Column | None = None
    primary_key: tuple[str, ...] | None = None
    primary_key_name: str | None = None
    unique: tuple[str, ...] | None = None
    like: cat.LikeClause | None = None


# What may follow a column's type: its constraints (PostgreSQL's ColConstraint and ColQualList).
_COLUMN_CONSTRAINT_WORDS = frozenset(
    """CONSTRAINT NOT NULL DEFAULT PRIMARY UNIQUE CHECK REFERENCES GENERATED COLLATE COMPRESSION STORAGE
    DEFERRABLE INITIALLY""".split()
)
# What may follow the column list of CREATE TABLE.
_TABLE_TRAILERS = frozenset("INHERITS PARTITION USING WITH WITHOUT ON TABLESPACE FOR DEFAULT".split())


def _like_clause(frame: Frame, first: Token, last: Token, source: QualifiedName, options: list[str]) -> cat.LikeClause:
    """``LIKE source`` from its first token (LIKE) to the source's name, with its INCLUDING/EXCLUDING words."""
    start, end = frame.token_location(first), frame.token_location(last)
    text = " ".join([*frame.text[first.start : last.end + 1].split(), *options])
    location = Location(start.path, start.line, start.column, end.end_line, end.end_column)
    return cat.LikeClause(source, location, text, **cat.LikeClause.options(options))


def _name_list(cursor: Cursor) -> tuple[str, ...] | None:
    """``(a, "B", c)`` at the cursor, folded; None when it is not a plain list of names."""
    if not cursor.is_type(TokenType.L_PAREN):
        return None
    cursor.i += 1
    names: list[str] = []
    while True:
        part = cursor.name_part()
        if part is None:
            return None
        names.append(part[0])
        if cursor.is_type(TokenType.COMMA):
            cursor.i += 1
            continue
        if cursor.is_type(TokenType.R_PAREN):
            cursor.i += 1
            return tuple(names)
        return None


def _description(error: Exception) -> str:
    if isinstance(error, ParseError):
        detail = error.errors[0] if error.errors else {}
        return detail.get("description") or (str(error).splitlines() or ["parse error"])[0]
    return f"{type(error).__name__}: {error}"


_TABLE_CONSTRAINT_WORDS = frozenset(["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "EXCLUDE", "LIKE"])


def _starts_constraint(cursor: Cursor) -> bool:
    """True when a column-list element at the cursor is a table constraint or LIKE, not a column."""
    token = cursor.peek()
    return token is not None and token.token_type != TokenType.IDENTIFIER and \
        cursor.word().split(" ")[0] in _TABLE_CONSTRAINT_WORDS

_IGNORABLE_ACTIONS = (
    ("OWNER",), ("ENABLE",), ("DISABLE",), ("FORCE",), ("NO", "FORCE"), ("CLUSTER",), ("SET", "WITHOUT"),
    ("REPLICA",), ("VALIDATE",), ("SET", "TABLESPACE"), ("SET", "ACCESS"), ("SET",), ("RESET",), ("OPTIONS",),
    ("ALTER",), ("OF",), ("NOT", "OF"),
)  # fmt: skip


def _ignorable_action(cursor: Cursor) -> bool:
    return any(cursor.accept(*words) for words in _IGNORABLE_ACTIONS)


def _skip_to_next_action(cursor: Cursor) -> None:
    depth = 0
    while (token := cursor.peek()) is not None:
        if token.token_type == TokenType.L_PAREN:
            depth += 1
        elif token.token_type == TokenType.R_PAREN:
            depth -= 1
        elif token.token_type == TokenType.COMMA and depth == 0:
            cursor.i += 1
            return
        cursor.i += 1


def _strip_virtual(tokens: list[Token]) -> set[int]:
    """Remove PostgreSQL 18's ``GENERATED ALWAYS AS (...) VIRTUAL`` keyword, which sqlglot rejects.

    Returns the token indexes of the columns (their name tokens) that were virtual, valid for the list
    after removal because only tokens behind those columns' names are removed.
    """
    found: set[int] = set()
    removals: list[int] = []
    column_start = 0
    depth = 0
    for i, token in enumerate(tokens):
        if token.token_type == TokenType.L_PAREN:
            depth += 1
            if depth == 1:
                column_start = i + 1
        elif token.token_type == TokenType.R_PAREN:
            depth -= 1
        elif token.token_type == TokenType.COMMA and depth == 1:
            column_start = i + 1
        elif depth == 1 and token.text.upper() == "VIRTUAL" and i > 0 and tokens[i - 1].token_type == TokenType.R_PAREN:
            removals.append(i)
            found.add(column_start - len(removals) + 1)
    for i in reversed(removals):
        del tokens[i]
    return found


def _partition_by(text: str, tokens: list[Token]) -> str | None:
    """The ``RANGE (b)`` of a top-level ``PARTITION BY RANGE (b)``, None when the table is not partitioned."""
    depth = 0
    for i, token in enumerate(tokens):
        if token.token_type == TokenType.L_PAREN:
            depth += 1
        elif token.token_type == TokenType.R_PAREN:
            depth -= 1
        elif depth == 0:
            words = token.text.upper().split()
            if words == ["PARTITION", "BY"]:
                return " ".join(text[token.end + 1 :].split())
            if words == ["PARTITION"] and i + 1 < len(tokens) and tokens[i + 1].text.upper() == "BY":
                return " ".join(text[tokens[i + 1].end + 1 :].split())
    return None


def _fields(change: cat.CreateTable) -> dict[str, object]:
    return {name: getattr(change, name) for name in change.__dataclass_fields__}


def _ident(node: exp.Expr | None) -> str:
    if isinstance(node, exp.Identifier):
        return fold(node.this, node.quoted)
    return node.name if node is not None else ""


def _table_name(table: exp.Table) -> QualifiedName:
    db = table.args.get("db")
    return QualifiedName(_ident(db) if db is not None else None, _ident(table.this))


def _with_default(name: QualifiedName, default_schema: str | None) -> QualifiedName:
    if name.schema is None and default_schema is not None:
        return QualifiedName(default_schema, name.name)
    return name


def _column_names(nodes: Sequence[exp.Expr]) -> tuple[str, ...]:
    names: list[str] = []
    for node in nodes:
        ident = node if isinstance(node, exp.Identifier) else node.find(exp.Identifier)
        if ident is not None:
            names.append(fold(ident.this, ident.quoted))
    return tuple(names)


def _search_path_items(value: str) -> Iterator[str]:
    for item in re.findall(r"""'((?:[^']|'')*)'|"((?:[^"]|"")*)"|([^\s,]+)""", value):
        single, double, bare = item
        if single:
            # A quoted list ('a, b') can hold several names, as set_config() values do.
            for part in single.split(","):
                part = part.strip()
                if part:
                    yield part.strip('"') if part.startswith('"') else fold(part, False)
        elif double:
            yield double
        elif bare:
            yield fold(bare, False)
