"""Shared by the ZE6xx rules: the replicated tables of every schema input, named and located once."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from zeroetl_lint.findings import Related
from zeroetl_lint.project import Project

if TYPE_CHECKING:  # the schema machinery loads only when SQL was given
    from zeroetl_lint.artifacts.catalog import Table
    from zeroetl_lint.artifacts.schemas import Replicated, SchemaInput


def replicated(project: Project, *, only_real_tables: bool = True) -> Iterator[tuple[SchemaInput, Replicated]]:
    """(schema, replicated table) pairs; by default only permanent tables, which zero-ETL replicates."""
    if not project.schemas:
        return
    from zeroetl_lint.artifacts.schemas import replicated_tables

    for schema in project.schemas.values():
        for entry in replicated_tables(project, schema):
            if not only_real_tables or is_real_table(entry.table):
                yield schema, entry


def is_real_table(table: Table) -> bool:
    from zeroetl_lint.artifacts.catalog import Persistence, TableKind

    return table.kind is TableKind.TABLE and table.persistence is Persistence.PERMANENT


def qualified(schema: SchemaInput, table: Table) -> str:
    return f"{schema.database}.{table.schema}.{table.name}"


def why_replicated(entry: Replicated) -> tuple[Related, ...]:
    """A note pointing at the filter clause that makes the table replicate."""
    if entry.site is None or entry.clause is None:
        return ()
    from zeroetl_lint.checks._filters import parsed

    clause = next((c for c in parsed(entry.site.text or "").clauses if c.index == entry.clause), None)
    if clause is None:
        return ()
    written = (entry.site.text or "")[clause.start:clause.end].strip()
    return (Related(entry.site.location_at(clause.start, clause.end), f"replicated by clause {clause.index} `{written}`"),)
