"""Shared by the ZE6xx rules: the replicated tables of every schema input, named and located once."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from zeroetl_lint.model.project import Project

if TYPE_CHECKING:  # the schema machinery loads only when SQL was given
    from zeroetl_lint.model.catalog import Table
    from zeroetl_lint.artifacts.schemas import Replicated, SchemaInput


def replicated(project: Project, *, only_real_tables: bool = True) -> Iterator[tuple[SchemaInput, Replicated]]:
    """(schema, replicated table) pairs; by default only permanent tables, which zero-ETL replicates."""
    if not project.schemas:
        return
    from zeroetl_lint.model.catalog import Persistence, TableKind
    from zeroetl_lint.artifacts.schemas import replicated_tables

    table_kind, permanent = TableKind.TABLE, Persistence.PERMANENT  # zero-ETL replicates only these
    for schema in project.schemas.values():
        for entry in replicated_tables(project, schema):
            if not only_real_tables or (entry.table.kind is table_kind and entry.table.persistence is permanent):
                yield schema, entry


def qualified(schema: SchemaInput, table: Table) -> str:
    return f"{schema.database}.{table.schema}.{table.name}"
