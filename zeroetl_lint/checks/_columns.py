"""Shared by ZE602-ZE605: classify every column of every replicated table once per run."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from zeroetl_lint.checks._schema import qualified, replicated
from zeroetl_lint.findings import Related, Severity, Violation
from zeroetl_lint.model.project import Project

if TYPE_CHECKING:  # the type facts load only when SQL was given
    from zeroetl_lint.model.catalog import Column, ColumnType
    from zeroetl_lint.artifacts.schemas import Replicated, SchemaInput
    from zeroetl_lint.model.column_types import TypeStatus, TypeVerdict

ColumnVerdict = tuple["SchemaInput", "Replicated", "Column", "TypeVerdict"]


def columns_with(project: Project, status: str) -> Iterator[ColumnVerdict]:
    """Columns of replicated tables whose type verdict is TypeStatus[status] ("UNSUPPORTED", ...)."""
    if not project.schemas:
        return
    from zeroetl_lint.model.column_types import TypeStatus

    yield from _problem_columns(project).get(TypeStatus[status], ())


def _problem_columns(project: Project) -> dict[TypeStatus, list[ColumnVerdict]]:
    """Every column whose type is not plainly supported, by status name; four rules ask, one pass answers."""
    from zeroetl_lint.artifacts.schemas import analysis
    from zeroetl_lint.model.column_types import TypeStatus, classify
    from zeroetl_lint.rulebook.pg_types import load_pg_types

    shared = analysis(project)
    if shared.problem_columns is not None:
        return shared.problem_columns
    found: dict[TypeStatus, list[ColumnVerdict]] = {}
    facts = load_pg_types()
    # A verdict depends only on the type and the database's own types and domains, and a dump
    # spells the same few types thousands of times.
    verdicts: dict[tuple[str, ColumnType], TypeVerdict] = {}
    for schema, entry in replicated(project):
        for column in entry.table.columns:
            key = (schema.database, column.type)
            verdict = verdicts.get(key)
            if verdict is None:
                verdict = verdicts[key] = classify(column.type, schema.result.catalog, facts)
            if verdict.status is not TypeStatus.SUPPORTED:
                found.setdefault(verdict.status, []).append((schema, entry, column, verdict))
    shared.problem_columns = found
    return found


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
