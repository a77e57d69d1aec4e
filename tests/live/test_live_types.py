"""A type that format_type() prints reads as the same ColumnType as the SQL reader makes of that text."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pg_server import Server
from zeroetl_lint.artifacts.postgres.types import column_type
from zeroetl_lint.artifacts.sql.schema import read_schema

# Every type of the catalog, bare and as an array, plus the typmods a schema writes (both spellings of
# time zones, interval qualifiers, negative scales) and user types that need quoting or qualifying.
SETUP = """
CREATE SCHEMA other;
CREATE TYPE other."Odd ""Q"" Name" AS ENUM ('a');
CREATE TYPE other.plain AS (x integer);
CREATE DOMAIN "Mixed.Case" AS numeric(10,2);
CREATE TABLE typmods (
  a numeric(12,2), b numeric(5,-2), c numeric(7), d character varying(20), e character(3),
  f timestamp(3) with time zone, g timestamp(0) without time zone, h time(6) with time zone,
  i interval year to month, j interval day to second(3), k interval(2), l interval hour,
  m bit varying(5), n bit(8), o "char", p other."Odd ""Q"" Name"[], q other.plain, r "Mixed.Case",
  s numeric(12,2)[], t varchar[]
);
"""
QUERY = """
SELECT format_type(oid, NULL) FROM pg_type WHERE typtype <> 'p'
UNION SELECT format_type(typarray, NULL) FROM pg_type WHERE typarray <> 0
UNION SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'public.typmods'::regclass AND attnum > 0
"""


def test_format_type_spellings_read_as_the_sql_reader_reads_them(pg: Server, tmp_path: Path) -> None:
    pg.psql("postgres", 'CREATE DATABASE "types"')
    pg.psql("types", SETUP)
    # As the live reader asks: with search_path = pg_catalog, every other type comes qualified.
    done = pg.client("psql", "-X", "-q", "-A", "-t", "-d", "types", "-c", "SET search_path = pg_catalog; " + QUERY)
    spellings = [line for line in done.stdout.splitlines() if line]
    assert len(spellings) > 300 and 'other."Odd ""Q"" Name"[]' in spellings
    # The same spellings as a schema file declares them, one column each.
    schema = tmp_path / "types.sql"
    columns = ", ".join(f"c{n} {text}" for n, text in enumerate(spellings))
    schema.write_text(f"CREATE TABLE t ({columns});\n", "utf-8")
    result = read_schema([schema], "types")
    written = [column.type for column in result.catalog.tables[0].columns]
    assert result.problems == () and len(written) == len(spellings)
    # The display text is the spelling given: format_type()'s here, the file's there.
    differ = [(text, column_type(text), sql) for text, sql in zip(spellings, written)
              if column_type(text) != replace(sql, text=text)]
    assert differ == []
