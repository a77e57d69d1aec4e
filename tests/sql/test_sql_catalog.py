"""Catalog application order: later statements change what earlier ones created."""

from __future__ import annotations

from pathlib import Path

from zeroetl_lint.artifacts.sql.builder import build_catalog
from zeroetl_lint.artifacts.sql.changes import (
    AddPrimaryKey,
    AlterTable,
    AttachPartition,
    CreateTable,
    Drop,
    DetachPartition,
)
from zeroetl_lint.model.catalog import Column, ColumnType, QualifiedName, TableKind
from zeroetl_lint.artifacts.sql.schema import read_schema
from zeroetl_lint.findings import Location

HERE = Location("schema.sql", 1, 1)
INT = ColumnType("integer")


def name(table: str, schema: str | None = None) -> QualifiedName:
    return QualifiedName(schema, table)


def create(table: str, **kwargs: object) -> CreateTable:
    return CreateTable(name(table), HERE, columns=(Column("id", INT, HERE),), **kwargs)  # type: ignore[arg-type]


def test_primary_key_added_at_the_end_of_a_dump_counts(tmp_path: Path) -> None:
    body = "".join(f"CREATE TABLE public.t{i} (id integer NOT NULL);\nCREATE INDEX i{i} ON public.t{i} (id);\n" for i in range(3))
    keys = "".join(f"ALTER TABLE ONLY public.t{i}\n    ADD CONSTRAINT t{i}_pkey PRIMARY KEY (id);\n" for i in range(2))
    path = tmp_path / "dump.sql"
    path.write_text(body + keys)
    catalog = read_schema([path]).catalog
    assert {t.name: t.primary_key for t in catalog.tables} == {"t0": ("id",), "t1": ("id",), "t2": None}


def test_dropped_table_is_gone_and_recreated_table_is_new() -> None:
    catalog = build_catalog(
        [
            create("t", primary_key=("id",)),
            Drop("table", (name("t"),), HERE),
            create("t"),
            create("v", kind=TableKind.VIEW),
            Drop("table", (name("v"),), HERE),  # DROP TABLE does not drop a view
        ]
    )
    assert [(t.name, t.primary_key) for t in catalog.tables] == [("t", None), ("v", None)]


def test_partitions_inherit_the_key_added_later_and_inherits_children_do_not() -> None:
    catalog = build_catalog(
        [
            create("parent", partitioned_by="RANGE (id)"),
            create("part", partition_of=name("parent")),
            create("late"),
            AlterTable(name("parent"), HERE, (AttachPartition(name("late")),)),
            AlterTable(name("parent"), HERE, (AddPrimaryKey(("id",), None, HERE),), only=True),
            create("classic", inherits=(name("parent"),)),
            create("gone", partition_of=name("parent")),
            AlterTable(name("parent"), HERE, (DetachPartition(name("gone")),)),
        ]
    )
    keys = {t.name: (t.primary_key, t.primary_key_inherited) for t in catalog.tables}
    assert keys == {
        "parent": (("id",), False),
        "part": (("id",), True),
        "late": (("id",), True),
        "classic": (None, False),
        "gone": (None, False),
    }


def test_dropping_a_partitioned_parent_drops_its_partitions() -> None:
    catalog = build_catalog(
        [
            create("parent", partitioned_by="LIST (id)"),
            create("part", partition_of=name("parent")),
            create("other"),
            Drop("table", (name("parent"),), HERE),
        ]
    )
    assert [t.name for t in catalog.tables] == ["other"]
