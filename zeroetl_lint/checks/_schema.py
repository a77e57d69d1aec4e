"""Shared by the ZE6xx rules: the replicated tables of every schema input, and how a message names one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from zeroetl_lint.model.project import Project

if TYPE_CHECKING:  # the schema model loads only when SQL was given
    from zeroetl_lint.model.catalog import Table
    from zeroetl_lint.model.schemas import Replicated, SchemaInput


def replicated(project: Project, *, only_real_tables: bool = True) -> Iterator[tuple[SchemaInput, Replicated]]:
    """(schema, replicated table) pairs; by default only permanent tables, which zero-ETL replicates."""
    if project.schema_analysis is not None:
        yield from project.schema_analysis.tables(only_real_tables=only_real_tables)


def qualified(schema: SchemaInput, table: Table) -> str:
    return f"{schema.database}.{table.schema}.{table.name}"
