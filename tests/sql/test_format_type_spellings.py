"""The live catalog's format_type() spellings read as the SQL reader reads the same text (no server needed)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from zeroetl_lint.artifacts.postgres.types import column_type
from zeroetl_lint.artifacts.sql.schema import read_schema
from zeroetl_lint.model.catalog import ColumnType

# What format_type() prints with search_path = pg_catalog (tests/live/test_live_types.py asks a server
# for every type it has): typmods inside multi-word names, quoted and qualified user types, arrays.
SPELLINGS = [
    "integer", "character varying(20)", "numeric(12,2)", "numeric(5,-2)", "timestamp(3) with time zone",
    "timestamp without time zone", "interval year to month", "interval(3)", "interval day to second(3)",
    '"char"', "public.citext", "integer[]", 'public."MyType"[]', 'other."Odd ""Q"" Name"', 'myschema."a.b"',
    "bit varying(5)", "double precision", "public.geometry(Point,4326)", "public.geometry(PointZ,4326)[]",
    "character(10)", "bpchar", "text[]", 'public."bıgınt"', "public.mpaa_rating[]", "time(6) without time zone",
    "jsonb", "int4range", "bit(1)", "interval hour",
]


def test_every_spelling_reads_as_the_sql_reader_reads_it(tmp_path: Path) -> None:
    schema = tmp_path / "types.sql"
    columns = ", ".join(f"c{n} {text}" for n, text in enumerate(SPELLINGS))
    schema.write_text(f"CREATE TABLE t ({columns});\n", "utf-8")
    result = read_schema([schema], "db")
    written = [column.type for column in result.catalog.tables[0].columns]
    assert result.problems == () and len(written) == len(SPELLINGS)
    assert [column_type(text) for text in SPELLINGS] == [replace(sql, text=text) for text, sql in zip(SPELLINGS, written)]


@pytest.mark.parametrize(("text", "expected"), [
    ("numeric(12,2)", ColumnType("numeric", None, (12, 2), 0, None, True, "numeric(12,2)")),
    ('other."Odd ""Q"" Name"[]', ColumnType('Odd "Q" Name', "other", (), 1, None, False, 'other."Odd ""Q"" Name"[]')),
    ("interval day to second(3)", ColumnType("interval", None, (3,), 0, "DAY TO SECOND", True, "interval day to second(3)")),
    ("", ColumnType("", None, (), 0, None, False, "")),  # nothing to read: kept as written
])
def test_spellings(text: str, expected: ColumnType) -> None:
    assert column_type(text) == expected
