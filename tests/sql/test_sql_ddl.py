"""DDL reader: every modelled construct, problems (ZE901/ZE905) and absolute positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from zeroetl_lint.model.catalog import Catalog, Persistence, TableKind, Table, TypeKind
from zeroetl_lint.artifacts.sql.schema import SchemaResult, is_relevant, migration_files, read_schema
from zeroetl_lint.model.problems import ProblemKind


def read(tmp_path: Path, sql: str, database: str | None = None) -> SchemaResult:
    path = tmp_path / "schema.sql"
    path.write_text(sql, encoding="utf-8")
    return read_schema([path], database)


def table(catalog: Catalog, schema: str, name: str) -> Table:
    found = catalog.table(schema, name)
    assert found is not None, f"{schema}.{name} missing"
    return found


def test_create_table_columns_constraints_and_locations(tmp_path: Path) -> None:
    sql = (
        "SET search_path = shop, public;\n"
        "CREATE TABLE Orders (\n"
        '  "Id" bigint GENERATED ALWAYS AS IDENTITY,\n'
        "  total numeric(12,2) NOT NULL,\n"
        "  doubled int GENERATED ALWAYS AS (total * 2) STORED,\n"
        "  code varchar UNIQUE,\n"
        '  CONSTRAINT orders_pk PRIMARY KEY ("Id")\n'
        ");\n"
    )
    result = read(tmp_path, sql)
    orders = table(result.catalog, "shop", "orders")
    assert orders.primary_key == ("Id",) and orders.primary_key_name == "orders_pk"
    assert [c.name for c in orders.columns] == ["Id", "total", "doubled", "code"]
    ident, total, doubled, code = orders.columns
    assert ident.identity and ident.type.name == "bigint"
    assert total.not_null and total.type.modifiers == (12, 2)
    assert doubled.generated == "stored"
    assert code.type.name == "character varying" and code.type.modifiers == ()
    assert orders.unique_keys == (("code",),)
    assert (orders.location.line, orders.location.column, orders.location.end_column) == (2, 14, 19)
    assert (ident.location.line, ident.location.column, ident.location.end_column) == (3, 3, 6)
    assert result.problems == ()


def test_persistence_and_kinds(tmp_path: Path) -> None:
    sql = (
        "CREATE UNLOGGED TABLE u (a int PRIMARY KEY);\n"
        "CREATE TEMP TABLE t (a int);\n"
        "CREATE VIEW v AS SELECT 1;\n"
        "CREATE MATERIALIZED VIEW mv AS SELECT 1;\n"
        "CREATE FOREIGN TABLE f (a int, b text) SERVER s OPTIONS (table_name 'x');\n"
        "CREATE TABLE ctas AS SELECT 1 AS a;\n"
    )
    catalog = read(tmp_path, sql).catalog
    assert table(catalog, "public", "u").persistence is Persistence.UNLOGGED
    assert table(catalog, "pg_temp", "t").persistence is Persistence.TEMPORARY
    assert table(catalog, "public", "v").kind is TableKind.VIEW
    assert table(catalog, "public", "mv").kind is TableKind.MATERIALIZED_VIEW
    foreign = table(catalog, "public", "f")
    assert foreign.kind is TableKind.FOREIGN_TABLE and [c.name for c in foreign.columns] == ["a", "b"]
    assert not table(catalog, "public", "ctas").columns_known


def test_partitions_and_inheritance(tmp_path: Path) -> None:
    sql = (
        "CREATE TABLE p (id int, at date, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);\n"
        "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');\n"
        "CREATE TABLE p2 (id int, at date);\n"
        "ALTER TABLE ONLY p ATTACH PARTITION p2 FOR VALUES FROM ('2021-01-01') TO ('2022-01-01');\n"
        "CREATE TABLE parent (id int PRIMARY KEY, name text);\n"
        "CREATE TABLE child (extra text) INHERITS (parent);\n"
    )
    catalog = read(tmp_path, sql).catalog
    assert table(catalog, "public", "p").partitioned_by == "RANGE (at)"
    for name in ("p1", "p2"):
        partition = table(catalog, "public", name)
        assert partition.is_partition and partition.primary_key == ("id", "at") and partition.primary_key_inherited
    assert [c.name for c in table(catalog, "public", "p1").columns] == ["id", "at"]
    child = table(catalog, "public", "child")
    assert child.primary_key is None and child.inherits[0].name == "parent"
    assert [c.name for c in child.columns] == ["id", "name", "extra"]


def test_alter_table_forms(tmp_path: Path) -> None:
    sql = (
        "CREATE SCHEMA other;\n"
        "CREATE TABLE t (a int, b text, c int);\n"
        "ALTER TABLE IF EXISTS ONLY public.t ADD CONSTRAINT t_pkey PRIMARY KEY (a);\n"
        "ALTER TABLE t ADD COLUMN d interval DAY TO SECOND, DROP COLUMN c;\n"
        "ALTER TABLE t ALTER COLUMN b TYPE varchar(10);\n"
        "ALTER TABLE t RENAME COLUMN b TO bb;\n"
        "ALTER TABLE t SET UNLOGGED;\n"
        "ALTER TABLE t SET LOGGED;\n"
        "ALTER TABLE t RENAME TO t2;\n"
        "ALTER TABLE t2 SET SCHEMA other;\n"
        "ALTER TABLE t2 OWNER TO someone;\n"
    )
    result = read(tmp_path, sql)
    moved = table(result.catalog, "other", "t2")
    assert result.catalog.table("public", "t") is None
    assert moved.primary_key == ("a",) and moved.persistence is Persistence.PERMANENT
    assert [(c.name, c.type.name, c.type.interval_fields) for c in moved.columns] == [
        ("a", "integer", None), ("bb", "character varying", None), ("d", "interval", "DAY TO SECOND"),
    ]  # fmt: skip
    assert moved.columns[1].type.modifiers == (10,)
    kinds = [e.kind.value for e in result.resync_events]
    assert kinds == ["ADD PRIMARY KEY", "ALTER COLUMN ... TYPE", "SET UNLOGGED", "SET LOGGED", "SET SCHEMA"]
    assert all(not e.created_in_earlier_file for e in result.resync_events)


def test_drop_constraint_and_primary_key_column(tmp_path: Path) -> None:
    sql = (
        "CREATE TABLE a (id int PRIMARY KEY);\n"
        "ALTER TABLE a DROP CONSTRAINT a_pkey;\n"
        "CREATE TABLE b (id int, x int, CONSTRAINT b_k PRIMARY KEY (id));\n"
        "ALTER TABLE b DROP COLUMN id;\n"
    )
    result = read(tmp_path, sql)
    assert table(result.catalog, "public", "a").primary_key is None
    assert table(result.catalog, "public", "b").primary_key is None
    assert [e.kind.value for e in result.resync_events] == ["DROP COLUMN (primary key column)"]


def test_types_domains_extensions_databases_and_drops(tmp_path: Path) -> None:
    sql = (
        "CREATE DATABASE shop WITH TEMPLATE = template0 ENCODING = 'LATIN1';\n"
        "CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;\n"
        "CREATE TYPE mood AS ENUM ('sad', 'ok');\n"
        "CREATE TYPE pair AS (a int, b text);\n"
        "CREATE TYPE floatrange AS RANGE (subtype = float8);\n"
        "CREATE TYPE shell;\n"
        'CREATE DOMAIN "Name" AS varchar(50) NOT NULL;\n'
        "CREATE TABLE gone (a int);\n"
        "CREATE VIEW gone_v AS SELECT 1;\n"
        "DROP TABLE IF EXISTS gone, nothing CASCADE;\n"
        "DROP VIEW gone_v;\n"
        "DROP TYPE shell;\n"
    )
    catalog = read(tmp_path, sql).catalog
    assert [(d.name, d.encoding, d.location.line) for d in catalog.databases] == [("shop", "LATIN1", 1)]
    assert [e.name for e in catalog.extensions] == ["citext"]
    kinds = {t.name: t.kind for t in catalog.types}
    assert kinds == {"mood": TypeKind.ENUM, "pair": TypeKind.COMPOSITE, "floatrange": TypeKind.RANGE}
    assert catalog.user_type("mood") is not None and catalog.user_type("mood").labels == ("sad", "ok")
    domain = catalog.domain("Name")
    assert domain is not None and domain.base_type.name == "character varying"
    assert catalog.tables == ()


def test_create_schema_with_elements(tmp_path: Path) -> None:
    sql = (
        "CREATE SCHEMA Person\n"
        "  CREATE TABLE BusinessEntity (BusinessEntityID serial, rowguid uuid NOT NULL)\n"
        "  CREATE TABLE Address (AddressID serial PRIMARY KEY, City varchar(30))\n"
        "  CREATE VIEW v AS SELECT * FROM Address\n"
        "  CREATE INDEX ix ON Address (City);\n"
        "ALTER TABLE Person.BusinessEntity ADD CONSTRAINT \"PK_BusinessEntity\" PRIMARY KEY (BusinessEntityID);\n"
        "CREATE SCHEMA AUTHORIZATION alice;\n"
    )
    result = read(tmp_path, sql)
    catalog = result.catalog
    entity = table(catalog, "person", "businessentity")
    assert entity.primary_key == ("businessentityid",) and entity.primary_key_name == "PK_BusinessEntity"
    assert entity.location.line == 2 and entity.location.column == 16
    assert table(catalog, "person", "address").primary_key == ("addressid",)
    assert table(catalog, "person", "v").kind is TableKind.VIEW
    assert {s.name for s in catalog.schemas} >= {"person", "alice"}
    assert result.problems == ()


def test_search_path_changes_qualify_unqualified_names(tmp_path: Path) -> None:
    sql = (
        "SELECT pg_catalog.set_config('search_path', '', false);\n"
        "CREATE TABLE public.a (id int);\n"
        "SET search_path TO \"Sales\", public;\n"
        "CREATE TABLE b (id int);\n"
        "ALTER TABLE a ADD PRIMARY KEY (id);\n"
        "SET search_path = DEFAULT;\n"
        "CREATE TABLE c (id int);\n"
    )
    catalog = read(tmp_path, sql).catalog
    assert table(catalog, "Sales", "b").primary_key is None
    assert table(catalog, "public", "a").primary_key == ("id",)
    assert catalog.table("public", "c") is not None


def test_parse_errors_are_isolated_with_absolute_positions(tmp_path: Path) -> None:
    sql = (
        "CREATE TABLE ok1 (id int PRIMARY KEY);\n"
        "\n"
        "CREATE TABLE bad (a int, b int frobnicate, PRIMARY KEY (a b), UNIQUE (a));\n"
        "CREATE TABLE worse (a bit varying(1)) frobnicate;\n"
        "CREATE TABLE ok2 (id int);\n"
    )
    result = read(tmp_path, sql)
    assert {t.name for t in result.catalog.tables} == {"ok1", "ok2", "bad", "worse"}
    bad = table(result.catalog, "public", "bad")
    # Only what neither sqlglot nor the token reader can read is lost, and each loss is named.
    assert bad.primary_key is None and bad.unique_keys == (("a",),) and [c.name for c in bad.columns] == ["a"]
    assert [c.name for c in table(result.catalog, "public", "worse").columns] == ["a"]
    assert [(p.kind, p.location.line, p.location.column, p.message) for p in result.problems] == [
        (ProblemKind.UNREADABLE, 3, 26, "cannot parse column b of table bad: Expecting ); the table was read without it"),
        (ProblemKind.UNREADABLE, 3, 44, "cannot parse constraint `PRIMARY KEY (a b)` of table bad: Expecting ); the table was "
                         "read without it, so its primary key may be missing"),
        (ProblemKind.UNREADABLE, 4, 39, "cannot parse CREATE TABLE worse after its column list (`frobnicate`): Expecting ); "
                         "only the column list was read"),
    ]


@pytest.mark.parametrize(
    "column",
    [
        "b bit varying(5)", '"b" bit varying(5)', "b varbit(5) UNIQUE", "b decimal(5,-2)", "b interval second(3)",
        "b interval day to second(3) NOT NULL", "b text COMPRESSION lz4", "b text STORAGE EXTERNAL",
        "b int CHECK (b > 0) NO INHERIT", "CONSTRAINT f FOREIGN KEY (b) REFERENCES o (id) NOT DEFERRABLE",
    ],
)
def test_valid_postgresql_that_sqlglot_rejects_is_no_parse_error(tmp_path: Path, column: str) -> None:
    result = read(tmp_path, f"CREATE TABLE t (id int, {column}, PRIMARY KEY (id));\n")
    assert result.problems == ()
    t = table(result.catalog, "public", "t")
    assert t.primary_key == ("id",)
    if not column.startswith("CONSTRAINT"):
        assert [c.name for c in t.columns] == ["id", "b"]


def test_token_read_columns_keep_their_keys_types_and_generated_kind(tmp_path: Path) -> None:
    sql = (
        "CREATE TABLE t (id bit varying(3) PRIMARY KEY, n decimal(5,-2) DEFAULT 'NOT NULL GENERATED',\n"
        "  v decimal(5,-2) GENERATED ALWAYS AS (1) VIRTUAL, CONSTRAINT u UNIQUE NULLS NOT DISTINCT (n));\n"
        "CREATE TABLE p (a date, b text) PARTITION BY RANGE (a);\n"
        "CREATE TABLE p1 PARTITION OF p (b WITH OPTIONS NOT NULL, PRIMARY KEY (a)) FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');\n"
        "ALTER TABLE t ALTER COLUMN n TYPE bit varying(7);\n"
        "ALTER TABLE t ADD COLUMN x bit varying(1);\n"
    )
    result = read(tmp_path, sql)
    assert result.problems == ()
    t = table(result.catalog, "public", "t")
    assert t.primary_key == ("id",) and t.unique_keys == (("n",),)
    id_, n, v, x = t.columns
    assert (id_.type.name, id_.type.modifiers) == ("bit varying", (3,))
    assert not n.not_null and n.generated is None and n.type.display == "bit varying(7)"
    assert v.generated == "virtual" and v.type.modifiers == (5, -2)
    assert (x.name, x.type.name) == ("x", "bit varying")
    p1 = table(result.catalog, "public", "p1")
    assert p1.partition_of is not None and p1.primary_key == ("a",) and [c.name for c in p1.columns] == ["a", "b"]


def test_opaque_statements_are_reported_as_not_analysed(tmp_path: Path) -> None:
    result = read(tmp_path, "CREATE TYPE t AS (a int);\nCREATE TABLE typed OF t;\n")
    assert [(p.kind, p.location.line) for p in result.problems] == [(ProblemKind.NOT_ANALYSED, 2)]
    assert not table(result.catalog, "public", "typed").columns_known


def test_psql_variables_and_connect(tmp_path: Path) -> None:
    sql = '\\connect shop\nCREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN b int, OWNER TO :"PGUSER";\n'
    result = read(tmp_path, sql)
    assert result.database_hint == "shop"
    assert table(result.catalog, "public", "t").database == "shop"
    assert [(p.kind, p.location.line) for p in result.problems] == [(ProblemKind.UNREADABLE, 3)]
    assert read(tmp_path, sql, database="explicit").catalog.tables[0].database == "explicit"


def test_connect_forms(tmp_path: Path) -> None:
    sql = "\\connect -reuse-previous=on \"dbname='shop'\"\nCREATE TABLE t (a int);\n"
    assert read(tmp_path, sql).database_hint == "shop"


@pytest.mark.parametrize(
    ("text", "relevant"),
    [
        ("CREATE TABLE t (a int)", True),
        ("create unlogged table t (a int)", True),
        ("CREATE OR REPLACE VIEW v AS SELECT 1", True),
        ("ALTER TABLE ONLY public.t ADD CONSTRAINT t_pkey PRIMARY KEY (id)", True),
        ("ALTER TABLE ONLY public.t ALTER COLUMN id SET DEFAULT nextval('s'::regclass)", False),
        ("ALTER TABLE public.t OWNER TO postgres", False),
        ("ALTER TABLE ONLY t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u(b)", False),
        ("ALTER TABLE t OWNER TO x, ADD PRIMARY KEY (a)", True),
        ("ALTER SCHEMA a RENAME TO b", True),
        ("ALTER SCHEMA a OWNER TO b", False),
        ("INSERT INTO t VALUES (1)", False),
        ("CREATE INDEX i ON t (a)", False),
        ("CREATE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql", False),
        ("GRANT ALL ON t TO x", False),
        ("SELECT pg_catalog.set_config('search_path', '', false)", True),
        ("SET search_path = a", True),
        ("DROP TABLE t", True),
        ("DROP INDEX i", False),
    ],
)
def test_prefilter(text: str, relevant: bool) -> None:
    assert is_relevant(text) is relevant


def test_migrations_sort_naturally_and_mark_earlier_files(tmp_path: Path) -> None:
    (tmp_path / "V10__later.sql").write_text("ALTER TABLE main.t SET SCHEMA s2;\n")
    (tmp_path / "V1__init.sql").write_text("CREATE TABLE t (a int);\nCREATE TABLE n (a int);\n")
    (tmp_path / "V2__pk.sql").write_text(
        "ALTER TABLE t ADD PRIMARY KEY (a);\nCREATE TABLE fresh (a int);\nALTER TABLE fresh ADD PRIMARY KEY (a);\n"
        "ALTER SCHEMA public RENAME TO main;\n"
    )
    (tmp_path / "notes.txt").write_text("not sql")
    assert [p.name for p in migration_files(tmp_path)] == ["V1__init.sql", "V2__pk.sql", "V10__later.sql"]
    result = read_schema([tmp_path])
    events = [(e.kind.value, e.object, e.created_in_earlier_file, Path(e.location.path or "").name) for e in result.resync_events]
    assert events == [
        ("ADD PRIMARY KEY", "public.t", True, "V2__pk.sql"),
        ("ADD PRIMARY KEY", "public.fresh", False, "V2__pk.sql"),
        ("ALTER SCHEMA ... RENAME", "public", True, "V2__pk.sql"),
        ("SET SCHEMA", "main.t", True, "V10__later.sql"),
    ]
    # The rename matters through the tables earlier files created in the schema, not the schema itself.
    assert result.resync_events[2].tables == ("public.n", "public.t")
    assert table(result.catalog, "s2", "t").primary_key == ("a",)


def test_partition_column_options_take_the_parents_types(tmp_path: Path) -> None:
    sql = (
        "CREATE TABLE m (logdate date NOT NULL, units int) PARTITION BY RANGE (logdate);\n"
        "CREATE TABLE m1 PARTITION OF m (units DEFAULT 0) FOR VALUES FROM ('2016-07-01') TO ('2016-08-01');\n"
        "CREATE TABLE m2 PARTITION OF m (logdate PRIMARY KEY, units NOT NULL) FOR VALUES FROM ('2016-08-01') TO ('2016-09-01');\n"
    )
    result = read(tmp_path, sql)
    assert result.problems == ()
    m1, m2 = table(result.catalog, "public", "m1"), table(result.catalog, "public", "m2")
    assert [(c.name, c.type.name) for c in m1.columns] == [("logdate", "date"), ("units", "integer")]
    assert m2.primary_key == ("logdate",)
