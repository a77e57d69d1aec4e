"""Shared by ZE602-ZE605: classify every column of every replicated table once per run."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from zeroetl_lint.checks._schema import qualified, replicated, why_replicated
from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.project import Project

if TYPE_CHECKING:  # the type facts load only when SQL was given
    from zeroetl_lint.artifacts.catalog import Column
    from zeroetl_lint.artifacts.schemas import Replicated, SchemaInput
    from zeroetl_lint.pg_types import TypeVerdict


def columns_with(project: Project, status: str) -> Iterator[tuple[SchemaInput, Replicated, Column, TypeVerdict]]:
    """Columns of replicated tables whose type verdict is TypeStatus[status] ("UNSUPPORTED", ...)."""
    if not project.schemas:
        return
    from zeroetl_lint.pg_types import TypeStatus, classify

    wanted = TypeStatus[status]
    for schema, entry in replicated(project):
        for column in entry.table.columns:
            verdict = classify(column.type, schema.result.catalog)
            if verdict.status is wanted:
                yield schema, entry, column, verdict


def column_violation(schema: SchemaInput, entry: Replicated, column: Column, verdict: TypeVerdict,
                     problem: str, fix: str) -> Violation:
    table = entry.table
    return Violation(
        message=f"Column {qualified(schema, table)}.{column.name} is {problem}",
        fix=fix,
        location=column.location,
        object=f"{qualified(schema, table)}.{column.name}",
        related=why_replicated(entry),
        # Facts AWS has not confirmed are never more than warnings.
        severity=None if verdict.verified else Severity.WARNING,
    )
