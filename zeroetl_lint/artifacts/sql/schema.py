"""Read PostgreSQL schema SQL (dumps, scripts, ordered migrations) into a Catalog, one statement at a time."""

from __future__ import annotations

import itertools
import logging
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from zeroetl_lint.artifacts.sql.builder import CatalogBuilder
from zeroetl_lint.model.catalog import Catalog, ResyncEvent
from zeroetl_lint.model.directives import SqlDirective
from zeroetl_lint.artifacts.sql.statements import (
    NOT_ANALYSED,
    PARSE_ERROR,
    SQLGLOT_LOGGER,
    SqlProblem,
    StatementReader,
    is_relevant,
)
from zeroetl_lint.artifacts.sql.directives import DirectiveScopes
from zeroetl_lint.artifacts.sql.split import CopyData, Directive, Item, MetaCommand, Statement, Unterminated, split_sql
from zeroetl_lint.artifacts.sql.tokens import summary
from zeroetl_lint.artifacts.files.text import NotText, NotTextError, text_lines
from zeroetl_lint.findings import Location

__all__ = [
    "NOT_ANALYSED",
    "PARSE_ERROR",
    "SchemaResult",
    "SqlProblem",
    "connect_hint",
    "is_relevant",
    "migration_files",
    "read_schema",
]


@dataclass(frozen=True, slots=True)
class SchemaResult:
    """What reading one schema input gave: the catalog, what could not be read, and what rules need besides."""

    catalog: Catalog
    problems: tuple[SqlProblem, ...]
    resync_events: tuple[ResyncEvent, ...]
    # The database named by the first "\connect DB" / "\c DB" line, if any.
    database_hint: str | None
    statements: int = 0
    # Suppression comments with the lines they cover (read here so the file is scanned once).
    directives: tuple[SqlDirective, ...] = ()
    # Files that could not be read at all (binary, a pg_dump archive, an OS error): their tables are unknown.
    unread: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------------
# Files and migrations.


def _natural_key(path: Path) -> tuple[object, ...]:
    # V2__x.sql before V10__y.sql: compare digit runs as numbers.
    return tuple(int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", path.name))


def migration_files(directory: Path) -> list[Path]:
    """The .sql files of a migration directory in the order they are applied (natural name order)."""
    return sorted((p for p in directory.iterdir() if p.is_file() and p.suffix.lower() == ".sql"), key=_natural_key)


def _connect_target(argument: str) -> str | None:
    for word in argument.split():
        if word.startswith("-"):
            continue
        if word.startswith('"') and word.endswith('"') and len(word) > 1:
            word = word[1:-1]
        word = word.rstrip(";")
        match = re.search(r"dbname\s*=\s*'?([^'\s]+)'?", word)
        if match is not None:
            return match.group(1)
        if "=" in word:
            continue
        return word
    return None


_CONNECT_LINE = re.compile(r"\\(?:c|connect)\s+(.*)")


def connect_hint(path: Path) -> str | None:
    """The database of the file's first ``\\connect`` line, found by streaming lines (no SQL parsing).

    Meta-commands stand at the start of a line, and COPY data escapes backslashes, so a line scan
    is enough to decide which database a file describes before reading it.
    """
    try:
        for line in text_lines(path, errors="replace"):
            if line.startswith("\\") and (match := _CONNECT_LINE.match(line)) is not None:
                return _connect_target(match.group(1))
    except (OSError, NotTextError):
        return None  # reading the file reports it
    return None


def _file_items(path: Path, name: str, problems: list[SqlProblem]) -> Iterator[Item]:
    """Split a file, decoded by the one policy for every input (text_files.py), in bounded memory.

    When a COPY FROM stdin never ends (the server rejected it, so psql sent no data), resume after the COPY
    statement and read the rest as SQL, re-opening the file; likewise after the line where a quote, dollar quote
    or block comment opens that never closes (reported as unreadable), so later tables are still read. At the first byte that does not decode, report
    it and read the file again with replacement characters, skipping the items already given: one bad byte
    (a Latin-1 name, a COPY row) must not hide every table after it. A file that is not text at all raises
    NotTextError before its first item.
    """
    first_line = 1
    errors = "strict"
    skip = 0
    while True:
        resume: int | None = None
        given = 0
        try:
            lines: Iterable[str] = text_lines(path, errors)
            if first_line > 1:
                lines = itertools.islice(lines, first_line - 1, None)
            for item in split_sql(lines, first_line):
                given += 1
                if given <= skip:
                    continue
                yield item
                if isinstance(item, CopyData) and not item.terminated:
                    resume = item.line
                    break
                if isinstance(item, Unterminated):
                    resume = item.line + 1
                    break
        except NotTextError as error:
            if error.problem.binary or errors != "strict":
                raise
            problems.append(_not_text_problem(path, name, error.problem, read_on=True))
            errors, skip = "replace", given
            continue
        if resume is None:
            return
        first_line, skip = resume, 0


def _not_text_problem(path: Path, name: str, problem: NotText, read_on: bool = False) -> SqlProblem:
    """The problem of a file (read at path, named name) that is not text in an encoding the reader takes."""
    message = problem.message(name)
    fix = "Save the file as UTF-8 (pg_dump --encoding=UTF8), or as UTF-16 with a byte-order mark."
    if read_on:
        message += "; the rest of it was read with replacement characters, so names there may be wrong"
    elif problem.binary:
        fix = "Give a plain-text SQL file: pg_dump --schema-only output or hand-written DDL."
        if _starts_with(path, b"PGDMP"):
            message = f"{name} is a pg_dump archive (custom format), not SQL"
            fix = f"Convert it to SQL first: pg_restore --schema-only -f schema.sql {name}"
        message += "; no table of it was read"
    return SqlProblem(PARSE_ERROR, message, Location(name, problem.line, problem.column), name, fix)


def _shown_error(error: OSError, name: str) -> str:
    """str(error), naming the file as findings do rather than by the path it was opened at."""
    if error.filename is None or error.strerror is None:
        return str(error)
    return str(OSError(error.errno, error.strerror, name))


def _starts_with(path: Path, prefix: bytes) -> bool:
    try:
        with path.open("rb") as raw:
            return raw.read(len(prefix)) == prefix
    except OSError:
        return False


_COMMANDS = frozenset(
    """ABORT ALTER ANALYSE ANALYZE BEGIN CALL CHECKPOINT CLOSE CLUSTER COMMENT COMMIT COPY CREATE DEALLOCATE
    DECLARE DELETE DISCARD DO DROP END EXECUTE EXPLAIN FETCH GRANT IMPORT INSERT LISTEN LOAD LOCK MERGE MOVE
    NOTIFY PREPARE REASSIGN REFRESH REINDEX RELEASE RESET REVOKE ROLLBACK SAVEPOINT SECURITY SELECT SET SHOW
    START TABLE TRUNCATE UNLISTEN UPDATE VACUUM VALUES WITH""".split()
)
_FIRST_WORD = re.compile(r"[A-Za-z_]+")


def _is_command(text: str) -> bool:
    """True when a statement starts like a PostgreSQL command (or a parenthesised query, or a psql variable)."""
    if text[:1] in ("(", ":"):
        return True
    match = _FIRST_WORD.match(text)
    return match is not None and match.group().upper() in _COMMANDS


class _Silence:
    """sqlglot's logger kept quiet while any read runs: sqlglot logs every fallback with ANSI codes, which
    the reader reports instead. Reads running at the same time (lints of two folders, from threads)
    share one silence, so the logger's own level comes back when the last of them ends, not before."""

    def __init__(self, logger: logging.Logger) -> None:
        self._logger = logger
        self._lock = threading.Lock()
        self._reads = 0
        self._level = logging.NOTSET

    def enter(self) -> None:
        with self._lock:
            if self._reads == 0:
                self._level = self._logger.level
                self._logger.setLevel(logging.CRITICAL + 1)
            self._reads += 1

    def leave(self) -> None:
        with self._lock:
            self._reads -= 1
            if self._reads == 0:
                self._logger.setLevel(self._level)


_SILENCE = _Silence(SQLGLOT_LOGGER)


def read_schema(paths: list[Path], database: str | None = None, shown: Callable[[Path], str] = str) -> SchemaResult:
    """Read SQL files (or one migration directory per entry) in order and build the catalog.

    ``database`` names the database the SQL describes (from --schema DB=PATH); without it, tables get the
    database of the latest ``\\connect`` line. Every file counts as a separate migration step.
    ``shown(path)`` is how findings name a file (the run's display path; by default the path as given).
    """
    files: list[Path] = []
    for path in paths:
        files.extend(migration_files(path) if path.is_dir() else [path])
    builder = CatalogBuilder(database=database)
    # pg_dumpall output switches databases with \connect; each database gets its own catalog, so
    # that public.orders in one does not replace public.orders in another.
    builders: dict[str | None, CatalogBuilder] = {database: builder}
    problems: list[SqlProblem] = []
    directives: list[SqlDirective] = []
    unread: list[str] = []
    hint: str | None = None
    count = 0
    _SILENCE.enter()
    try:
        for file_index, path in enumerate(files):
            # Each file is its own psql session: search_path starts over. The database stays the one
            # the last \connect chose: files read together describe the same database(s).
            builder.file_index = file_index
            builder.search_path = ("$user", "public")
            name = shown(path)
            reader = StatementReader(name)
            scopes = DirectiveScopes(name)
            # Text that is not SQL: the first such statement and how many (bounded memory on any input).
            not_sql: Statement | None = None
            not_sql_count = 0
            try:
                for item in _file_items(path, name, problems):
                    scopes.see(item)
                    if isinstance(item, Directive):
                        continue
                    if isinstance(item, MetaCommand):
                        if item.name in ("c", "connect"):
                            target = _connect_target(item.argument)
                            if target is not None:
                                hint = hint or target
                                if database is None and target != builder.database:
                                    if target not in builders:
                                        builders[target] = CatalogBuilder(database=target)
                                    builder = builders[target]
                                    builder.file_index = file_index
                                    builder.search_path = ("$user", "public")  # a new connection
                        continue
                    if isinstance(item, CopyData):
                        if not item.terminated:
                            problems.append(
                                SqlProblem(
                                    PARSE_ERROR,
                                    "COPY ... FROM stdin has no data block ending in a line with \\.; "
                                    "the lines after it were read as SQL",
                                    Location(name, item.line - 1, 1),
                                )
                            )
                        continue
                    if isinstance(item, Unterminated):
                        problems.append(
                            SqlProblem(
                                PARSE_ERROR,
                                f"{item.what} opened at line {item.line}, column {item.column} is never closed, "
                                f"so it would swallow the rest of the file; the lines after line {item.line} "
                                "were read as SQL",
                                Location(name, item.line, item.column),
                                fix=f"Close the {item.what} that starts at line {item.line}, or remove it.",
                            )
                        )
                        continue
                    count += 1
                    if not is_relevant(item.text):
                        if not _is_command(item.text):
                            not_sql = not_sql or item
                            not_sql_count += 1
                        continue
                    for change in reader.read(item):
                        builder.apply(change)
            except OSError as error:
                problems.append(SqlProblem(PARSE_ERROR, f"cannot read SQL file: {_shown_error(error, name)}",
                                           Location(name)))
                unread.append(name)
            except NotTextError as error:
                problems.append(_not_text_problem(path, name, error.problem))
                unread.append(name)
            if not_sql is not None:
                problems.append(_not_sql_problem(name, not_sql, not_sql_count))
            problems.extend(reader.problems)
            directives.extend(scopes.finish())
    finally:
        _SILENCE.leave()
    catalogs = [each.build() for each in builders.values()]
    catalog = catalogs[0] if len(catalogs) == 1 else _merged(catalogs)
    events = tuple(event for each in builders.values() for event in each.resync_events)
    return SchemaResult(catalog, tuple(problems), events, hint, count, tuple(directives), tuple(unread))


def _merged(catalogs: list[Catalog]) -> Catalog:
    """One catalog holding several databases' objects; tables keep their ``database``."""
    return Catalog(
        databases=tuple(d for c in catalogs for d in c.databases),
        schemas=tuple(s for c in catalogs for s in c.schemas),
        tables=tuple(t for c in catalogs for t in c.tables),
        types=tuple(t for c in catalogs for t in c.types),
        domains=tuple(d for c in catalogs for d in c.domains),
        extensions=tuple(e for c in catalogs for e in c.extensions),
    )


def _not_sql_problem(path: str, first: Statement, count: int) -> SqlProblem:
    """One finding per file for text that is not SQL, so that a wrong file never reads as an empty schema."""
    more = f" ({count - 1} more such statement{'s' if count > 2 else ''} in this file)" if count > 1 else ""
    return SqlProblem(
        PARSE_ERROR,
        f"{summary(first.text)!r} does not start with a PostgreSQL command; is {path} PostgreSQL SQL?{more}",
        Location(path, first.line, first.column),
        summary(first.text),
        "Give a PostgreSQL schema file: pg_dump --schema-only output or hand-written DDL.",
    )
