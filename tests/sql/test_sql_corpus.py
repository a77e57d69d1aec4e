"""Corpus tests: table counts and tables without a primary key, derived by reading the corpus files."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from zeroetl_lint.model.catalog import Persistence, TableKind
from zeroetl_lint.artifacts.sql.schema import read_schema
from zeroetl_lint.model.problems import ProblemKind

from .corpus_expected import EXPECTED, REGRESS, SCHEMAS

pytestmark = pytest.mark.skipif(not SCHEMAS.is_dir(), reason="shared corpus not present")


def test_every_corpus_schema_has_expectations() -> None:
    assert sorted(p.name for p in SCHEMAS.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_tables_and_missing_primary_keys(name: str) -> None:
    count, without_pk = EXPECTED[name]
    result = read_schema([SCHEMAS / name])
    tables = [t for t in result.catalog.tables if t.kind is TableKind.TABLE]
    assert len(tables) == count
    missing = sorted(
        t.qualified_name for t in tables if t.primary_key is None and t.persistence is Persistence.PERMANENT
    )
    assert missing == sorted(without_pk)


def test_adventureworks_schema_elements_and_views() -> None:
    result = read_schema([SCHEMAS / "AdventureWorks-for-Postgres__install.sql"])
    catalog = result.catalog
    person = catalog.table("person", "person")
    assert person is not None
    assert person.primary_key == ("businessentityid",)
    firstname = next(c for c in person.columns if c.name == "firstname")
    assert (firstname.type.name, firstname.type.builtin) == ("Name", False)  # the quoted domain, not name
    assert catalog.domain("Name") is not None
    assert catalog.table("pe", "a") is not None and catalog.table("pe", "a").kind is TableKind.VIEW
    assert [p for p in result.problems if p.kind in (ProblemKind.UNREADABLE, ProblemKind.NOT_ANALYSED)] == []


def test_pagila_partitions_and_special_columns() -> None:
    catalog = read_schema([SCHEMAS / "pagila__pagila-schema.sql"]).catalog
    parent = catalog.table("public", "payment")
    assert parent is not None and parent.is_partitioned
    partitions = [t for t in catalog.tables if t.partition_of is not None and t.partition_of.name == "payment"]
    assert partitions and all(p.primary_key_inherited for p in partitions)
    film = catalog.table("public", "film")
    assert film is not None
    generated = {c.name: c.generated for c in film.columns if c.generated}
    assert generated == {"length_hours": "virtual"}


def test_postgrest_spec_names_keep_case_and_script() -> None:
    catalog = read_schema([SCHEMAS / "postgrest__spec_fixtures_schema.sql"]).catalog
    arabic = catalog.table("تست", "موارد")
    assert arabic is not None and [c.name for c in arabic.columns] == ["هویت"]
    assert catalog.table("test", "Server Today") is not None
    assert any(s.name == 'EXTRA "@/\\#~_-' for s in catalog.schemas)
    partitions = [t for t in catalog.tables if t.is_partition]
    assert len(partitions) == 8 and len([t for t in catalog.tables if t.is_partitioned]) == 4


def test_big_schema_psql_variable_is_not_fatal() -> None:
    result = read_schema([SCHEMAS / "postgrest__big_schema.sql"])
    assert len([t for t in result.catalog.tables if t.kind is TableKind.VIEW]) > 250


@pytest.mark.skipif(not REGRESS.is_dir(), reason="pg-regress corpus not present")
@pytest.mark.parametrize("path", sorted(REGRESS.glob("*.sql")) if REGRESS.is_dir() else [], ids=lambda p: p.name)
def test_pg_regress_reads_without_escaping_exceptions(path: Path) -> None:
    started = time.perf_counter()
    result = read_schema([path])
    assert time.perf_counter() - started < 10
    assert all(p.kind in (ProblemKind.UNREADABLE, ProblemKind.NOT_ANALYSED) for p in result.problems)
    assert all(p.location.line for p in result.problems)
