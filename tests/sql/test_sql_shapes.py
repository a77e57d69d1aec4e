"""Reading known DDL shapes from tokens gives exactly what the full reader gives, on every SQL file and on generated DDL."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sql.corpus_expected import SHARED
from zeroetl_lint.artifacts.sql.schema import SchemaResult, read_schema
from zeroetl_lint.artifacts.sql.shapes import KnownShapes
from zeroetl_lint.artifacts.sql.split import Statement
from zeroetl_lint.artifacts.sql.statements import StatementReader

ROOT = Path(__file__).resolve().parents[2]
SQL_FILES = sorted(
    {*ROOT.glob("fixtures/**/*.sql"), *ROOT.glob("tests/**/*.sql"), *(SHARED / "corpus" / "sql").glob("**/*.sql")}
)


def full_reading(monkeypatch: pytest.MonkeyPatch, read: object) -> object:
    """What ``read()`` gives with every statement taking the full reader."""
    with monkeypatch.context() as patched:
        patched.setattr(KnownShapes, "create_table", lambda *args: None)
        patched.setattr(KnownShapes, "alter_table", lambda *args: None)
        return read()  # type: ignore[operator]


def schema(path: Path) -> SchemaResult:
    return read_schema([path], "db")


@pytest.mark.parametrize("path", SQL_FILES, ids=lambda p: str(p.relative_to(p.parents[1])))
def test_every_sql_file_reads_the_same_as_with_the_full_reader(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert schema(path) == full_reading(monkeypatch, lambda: schema(path))


def test_the_corpus_is_there_and_uses_the_token_reading() -> None:
    # A dump of many tables: after the first of each shape, no table is handed to sqlglot again.
    assert len(SQL_FILES) > 20
    text = "".join(f"CREATE TABLE public.t{i} (\n    id integer NOT NULL,\n    name text\n);\n"
                   f"ALTER TABLE ONLY public.t{i}\n    ADD CONSTRAINT t{i}_pkey PRIMARY KEY (id);\n" for i in range(50))
    reader = StatementReader("dump.sql")
    parsed: list[object] = []
    parse = reader._parse
    reader._parse = lambda tokens, sql: parsed.append(sql) or parse(tokens, sql)  # type: ignore[method-assign]
    changes = [change for item in _statements(text) for change in reader.read(item)]
    assert len(changes) == 100 and reader.problems == []
    assert len(parsed) == 3  # two column definitions and one ALTER TABLE shape


def _statements(text: str) -> list[Statement]:
    from zeroetl_lint.artifacts.sql.split import split_sql

    return [item for item in split_sql(text.splitlines(keepends=True)) if isinstance(item, Statement)]


# Names: plain, quoted, keywords, and words sqlglot reads by their text (constraint kinds, functions).
NAMES = st.sampled_from(
    ["id", "a", "t_1", "user_id", '"Mixed"', '"a""b"', '"select"', "name", "text", "type", "key", "date",
     "value", "exclude", "period", "if", "next", "any", "primary", "like", "check", "watermark", "time",
     "zone", "only", "add", "foreign", "constraint", "virtual", "partition", "ümlaut", "$x", "x$"]
)
TYPES = st.sampled_from(
    ["integer", "int", "bigint", "text", "numeric(12,2)", "numeric(12, 2)", "decimal(5,-2)", "character varying(40)",
     "varchar", "character varying(40)[]", "timestamp with time zone", "timestamp(3) without time zone",
     "interval second(3)", "interval day to second", "bit varying(5)", "double precision", "float(10)",
     "jsonb", "public.citext", '"MyType"', '"char"', "int[][]", "integer ARRAY", "bıgınt", "serial", "uuid",
     "geometry(Point,4326)", "tsvector", "money", "", "name", "date"]
)
CONSTRAINTS = st.sampled_from(
    ["", "NOT NULL", "NULL", "PRIMARY KEY", "UNIQUE", "DEFAULT 0", "DEFAULT now()", "DEFAULT 'x'::text",
     "DEFAULT nextval('public.t_id_seq'::regclass)", "DEFAULT NULL NOT NULL", "NOT NULL PRIMARY KEY",
     "CONSTRAINT c UNIQUE", "GENERATED ALWAYS AS IDENTITY", "GENERATED ALWAYS AS (a * 2) STORED",
     "GENERATED ALWAYS AS (a * 2) VIRTUAL", "CHECK (a > 0)", "REFERENCES p (id)", "COLLATE \"C\"",
     "DEFAULT -1", "NOT NULL DEFAULT 'a' -> 'b'", "UNIQUE NULLS NOT DISTINCT", "/* c */ NOT NULL", "FIRST"]
)
TABLE_ELEMENTS = st.sampled_from(
    ["PRIMARY KEY (id)", "CONSTRAINT k PRIMARY KEY (a, b)", "UNIQUE (a)", "LIKE p", "CHECK (a > 0)"]
)
column_definitions = st.builds(lambda n, t, c: " ".join(p for p in (n, t, c) if p), NAMES, TYPES, CONSTRAINTS)


@st.composite
def create_tables(draw: st.DrawFn) -> str:
    elements = draw(st.lists(st.one_of(column_definitions, column_definitions, TABLE_ELEMENTS), min_size=0, max_size=5))
    head = draw(st.sampled_from(["CREATE TABLE", "CREATE TABLE IF NOT EXISTS", "CREATE UNLOGGED TABLE"]))
    name = draw(st.one_of(NAMES, st.builds(lambda s, n: f"{s}.{n}", NAMES, NAMES)))
    tail = draw(st.sampled_from(["", "", " INHERITS (p)", " PARTITION BY RANGE (id)", " WITH (fillfactor=70)"]))
    separator = draw(st.sampled_from([", ", ",\n    ", " ,"]))
    return f"{head} {name} ({separator.join(elements)}){tail}"


@st.composite
def alter_tables(draw: st.DrawFn) -> str:
    head = draw(st.sampled_from(["ALTER TABLE", "ALTER TABLE ONLY", "ALTER TABLE IF EXISTS", "ALTER TABLE IF EXISTS ONLY"]))
    name = draw(st.one_of(NAMES, st.builds(lambda s, n: f"{s}.{n}", NAMES, NAMES)))
    kind = draw(st.sampled_from(["PRIMARY KEY", "UNIQUE", "UNIQUE NULLS NOT DISTINCT", "FOREIGN KEY"]))
    columns = ", ".join(draw(st.lists(NAMES, min_size=0, max_size=3)))
    tail = draw(st.sampled_from(["", "", " DEFERRABLE", " USING INDEX TABLESPACE x"]))
    return f"{head} {name}\n    ADD CONSTRAINT {draw(NAMES)} {kind} ({columns}){tail}"


def _read_all(texts: list[str]) -> tuple[object, ...]:
    # One reader for all, as for one file: later statements reuse the shapes earlier ones taught it.
    reader = StatementReader("gen.sql")
    changes = [reader.read(statement) for text in texts for statement in _statements(text + ";\n")]
    return tuple(changes), tuple(reader.problems)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.one_of(create_tables(), alter_tables()), min_size=1, max_size=6))
def test_generated_ddl_reads_the_same_as_with_the_full_reader(texts: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert _read_all(texts) == full_reading(monkeypatch, lambda: _read_all(texts))
