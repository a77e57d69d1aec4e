"""Read PostgreSQL schema SQL (dumps, scripts, ordered migrations) into a Catalog, one statement at a time."""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from zeroetl_lint.artifacts.catalog import Catalog, CatalogBuilder, ResyncEvent
from zeroetl_lint.artifacts.ddl_reader import (
    NOT_ANALYSED,
    PARSE_ERROR,
    SQLGLOT_LOGGER,
    SqlProblem,
    StatementReader,
    is_relevant,
)
from zeroetl_lint.artifacts.sql_directives import DirectiveScopes, SqlDirective
from zeroetl_lint.artifacts.sql_split import CopyData, Directive, Item, MetaCommand, split_sql
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
        with path.open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.startswith("\\") and (match := _CONNECT_LINE.match(line)) is not None:
                    return _connect_target(match.group(1))
    except OSError:
        return None
    return None


def _file_items(path: Path) -> Iterator[Item]:
    """Split a file; when a COPY FROM stdin never ends (the server rejected it, so psql sent no data),
    resume after the COPY statement and read the rest as SQL, re-opening the file to stay streaming."""
    first_line = 1
    while True:
        resume: int | None = None
        with path.open(encoding="utf-8", errors="replace", newline="") as handle:
            lines: Iterable[str] = itertools.islice(handle, first_line - 1, None) if first_line > 1 else handle
            for item in split_sql(lines, first_line):
                yield item
                if isinstance(item, CopyData) and not item.terminated:
                    resume = item.line
                    break
        if resume is None:
            return
        first_line = resume


def read_schema(paths: list[Path], database: str | None = None) -> SchemaResult:
    """Read SQL files (or one migration directory per entry) in order and build the catalog.

    ``database`` names the database the SQL describes (from --schema DB=PATH); without it, tables get the
    database of the latest ``\\connect`` line. Every file counts as a separate migration step for ZE611.
    """
    files: list[Path] = []
    for path in paths:
        files.extend(migration_files(path) if path.is_dir() else [path])
    builder = CatalogBuilder(database=database)
    problems: list[SqlProblem] = []
    directives: list[SqlDirective] = []
    hint: str | None = None
    count = 0
    logger_level = SQLGLOT_LOGGER.level
    SQLGLOT_LOGGER.setLevel(logging.CRITICAL + 1)  # sqlglot logs every fallback with ANSI codes; we report instead
    try:
        for file_index, path in enumerate(files):
            builder.file_index = file_index
            # Each file is its own psql session: settings such as search_path start over.
            builder.search_path = ("$user", "public")
            reader = StatementReader(str(path))
            scopes = DirectiveScopes(str(path))
            try:
                for item in _file_items(path):
                    scopes.see(item)
                    if isinstance(item, Directive):
                        continue
                    if isinstance(item, MetaCommand):
                        if item.name in ("c", "connect"):
                            target = _connect_target(item.argument)
                            if target is not None:
                                hint = hint or target
                                if database is None:
                                    builder.database = target
                        continue
                    if isinstance(item, CopyData):
                        if not item.terminated:
                            problems.append(
                                SqlProblem(
                                    PARSE_ERROR,
                                    "COPY ... FROM stdin has no data block ending in a line with \\.; "
                                    "the lines after it were read as SQL",
                                    Location(str(path), item.line - 1, 1),
                                )
                            )
                        continue
                    count += 1
                    if not is_relevant(item.text):
                        continue
                    for change in reader.read(item):
                        builder.apply(change)
            except OSError as error:
                problems.append(SqlProblem(PARSE_ERROR, f"cannot read SQL file: {error}", Location(str(path))))
            problems.extend(reader.problems)
            directives.extend(scopes.finish())
    finally:
        SQLGLOT_LOGGER.setLevel(logger_level)
    return SchemaResult(builder.build(), tuple(problems), tuple(builder.resync_events), hint, count, tuple(directives))
