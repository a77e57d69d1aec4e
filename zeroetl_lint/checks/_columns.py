"""Shared by ZE602-ZE605: the columns of replicated tables whose type does not plainly replicate, as violations."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from zeroetl_lint.checks._schema import qualified
from zeroetl_lint.findings import Related, Severity, Violation
from zeroetl_lint.model.project import Project

if TYPE_CHECKING:  # the schema model loads only when SQL was given
    from zeroetl_lint.model.catalog import Column
    from zeroetl_lint.model.column_types import TypeVerdict
    from zeroetl_lint.model.schemas import ProblemColumn, Replicated, SchemaInput


def columns_with(project: Project, status: str) -> Iterator[ProblemColumn]:
    """Columns of replicated tables whose type verdict is TypeStatus[status] ("UNSUPPORTED", ...)."""
    if project.schema_analysis is None:
        return
    from zeroetl_lint.model.column_types import TypeStatus

    yield from project.schema_analysis.columns_with(TypeStatus[status])


def column_violation(schema: SchemaInput, entry: Replicated, column: Column, verdict: TypeVerdict,
                     problem: str, fix: str) -> Violation:
    table = entry.table
    return Violation(
        message=f"Column {qualified(schema, table)}.{column.name} is {problem}",
        fix=fix,
        location=column.location,
        object=f"{qualified(schema, table)}.{column.name}",
        related=entry.why + copy_note(column),
        # Facts AWS has not confirmed are never more than warnings.
        severity=None if verdict.verified else Severity.WARNING,
    )


def copy_note(column: Column) -> tuple[Related, ...]:
    """For a column that ``LIKE`` copied (the finding points at that clause): where its source declares it."""
    if column.copied is None:
        return ()
    copy = column.copied
    return (Related(copy.declared_at, f"{column.name} is declared here, in {copy.source}, and copied by `{copy.clause}`"),)
