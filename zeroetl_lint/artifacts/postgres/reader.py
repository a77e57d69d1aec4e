"""Read one live database: one connection, one read-only transaction, bounded by timeouts, always closed."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from zeroetl_lint.artifacts.postgres import queries
from zeroetl_lint.artifacts.postgres.build import CatalogRows, build_catalog
from zeroetl_lint.artifacts.postgres.limits import Limits
from zeroetl_lint.artifacts.postgres.url import public_url, scrub
from zeroetl_lint.errors import UsageError
from zeroetl_lint.findings import Location
from zeroetl_lint.model.catalog import Catalog, ServerSettings

if TYPE_CHECKING:
    import psycopg

APPLICATION_NAME = "zeroetl-lint"
# The catalog columns the queries read (relispartition, conparentid, attgenerated) exist since 12.
OLDEST_SERVER = 120000
EXTRA = "pip install 'zeroetl-lint[postgres]'"


@dataclass(frozen=True, slots=True)
class LiveSchema:
    """A live database's catalog, and what could not be read (each reported as unresolved)."""

    catalog: Catalog
    skipped: tuple[str, ...]


def read_database(url: str, database: str, limits: Limits, settings: Sequence[str]) -> LiveSchema:
    """Read the catalog of ``url`` as the schema of ``database``; any failure is a one-line UsageError.

    ``settings`` are the server settings to ask for (the rulebook's replication parameters).
    Connection details the URL leaves out come from libpq as usual (PGHOST, PGUSER, PGPASSWORD,
    ~/.pgpass, service files, sslmode).
    """
    shown = public_url(url, keep_user=True)
    try:
        import psycopg
    except ImportError:
        raise UsageError(f"--schema {database}={shown} reads a live database, which needs psycopg: {EXTRA}") from None
    try:
        # The URL's own parameters stay libpq's; these two always win, so the read is bounded and named.
        connection = psycopg.connect(url, connect_timeout=max(2, math.ceil(limits.connect_timeout)),
                                     application_name=APPLICATION_NAME)
    except psycopg.Error as error:
        raise UsageError(f"cannot connect to {shown}: {_reason(error, url)}") from None
    try:
        connection.read_only = True  # every transaction is BEGIN READ ONLY
        return _read(connection, url, database, limits, settings)
    except psycopg.errors.QueryCanceled:
        raise UsageError(f"reading the catalog of {shown} took longer than the statement timeout "
                         f"({limits.statement_timeout:g} s); raise it with --statement-timeout") from None
    except psycopg.errors.InsufficientPrivilege as error:
        raise UsageError(f"cannot read the catalog of {shown}: {_reason(error, url)}; the user needs SELECT "
                         "on the pg_catalog tables (every role has it unless it was revoked)") from None
    except psycopg.Error as error:
        raise UsageError(f"cannot read the catalog of {shown}: {_reason(error, url)}") from None
    finally:
        connection.close()  # rolls back the read-only transaction; the server ends the session


def _read(connection: psycopg.Connection[Any], url: str, database: str, limits: Limits,
          settings: Sequence[str]) -> LiveSchema:
    location = Location(public_url(url))
    cursor = connection.cursor()
    timeout = f"{max(1, round(limits.statement_timeout * 1000))}ms"
    # Local to the one transaction: nothing outlives the read, even on a pooled connection.
    cursor.execute("SELECT set_config('statement_timeout', %s, true), set_config('lock_timeout', %s, true), "
                   "set_config('search_path', 'pg_catalog', true)", (timeout, timeout))
    version, number, encoding = _rows(cursor, queries.SERVER)[0]
    if number < OLDEST_SERVER:
        raise UsageError(f"{public_url(url, keep_user=True)} runs PostgreSQL {version}; zeroetl-lint reads the "
                         "catalog of PostgreSQL 12 or later")
    skipped: list[str] = []
    answered = _optional(cursor, queries.SETTINGS, skipped, (list(settings),))
    aurora = None
    if answered and answered[0][2] is not None:
        from psycopg import sql

        call = queries.Query(queries.AURORA_VERSION.kind, sql.SQL(queries.AURORA_VERSION.sql).format(
            schema=sql.Identifier(answered[0][2])).as_string(connection), optional=True)
        found = _optional(cursor, call, skipped)
        aurora = found[0][0] if found else None
    server = ServerSettings(
        location=location, version=version, version_number=number, encoding=encoding, asked=tuple(settings),
        answered=tuple((name, value) for name, value, _ in answered or () if value is not None),
        aurora_version=aurora,
        unreadable=None if answered is not None else skipped[-1],
    )
    found: dict[str, Any] = {}
    for query in queries.CATALOG:
        found[query.kind] = _optional(cursor, query, skipped) if query.optional else _rows(cursor, query)
    rows = CatalogRows(*(found[query.kind] for query in queries.CATALOG))
    connection.rollback()
    return LiveSchema(build_catalog(rows, database, location, server), tuple(skipped))


def _rows(cursor: psycopg.Cursor[Any], query: queries.Query, parameters: tuple[Any, ...] = ()) -> list[Any]:
    cursor.execute(query.sql, parameters or None)
    return cursor.fetchall()


def _optional(cursor: psycopg.Cursor[Any], query: queries.Query, skipped: list[str],
              parameters: tuple[Any, ...] = ()) -> list[Any] | None:
    """The rows, or None (noted in ``skipped``) when the user may not read what the query reads."""
    import psycopg

    try:
        with cursor.connection.transaction():  # a savepoint: a refusal must not abort the whole read
            return _rows(cursor, query, parameters)
    except psycopg.errors.InsufficientPrivilege as error:
        skipped.append(f"{query.kind} ({_first_line(error)})")
        return None


def _first_line(error: Exception) -> str:
    diag = getattr(error, "diag", None)
    primary = getattr(diag, "message_primary", None)
    return primary or " ".join(str(error).split())


def _reason(error: Exception, url: str) -> str:
    """libpq's message on one line, without its "connection failed:" boilerplate or any secret."""
    text = " ".join(str(error).split())
    for prefix in ("connection failed: ",):
        text = text.removeprefix(prefix)
    return scrub(text, url) or type(error).__name__
