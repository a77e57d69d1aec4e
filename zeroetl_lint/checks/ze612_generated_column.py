"""ZE612 generated-column."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.checks._columns import copy_note
from zeroetl_lint.checks._schema import qualified, replicated
from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, rule


@rule(code="ZE612", name="generated-column", severity=Severity.WARNING, needs=Need.SCHEMA)
def generated_column(project: Project) -> Iterator[Violation]:
    """Checks for replicated tables with generated columns.

    ## What it does
    Reports columns declared `GENERATED ALWAYS AS (...) STORED` or `VIRTUAL` in replicated tables.

    ## Why is this bad?
    PostgreSQL logical replication (before PostgreSQL 18) does not publish generated column
    values, so the column arrives empty in Redshift. zero-ETL's behaviour is undocumented, hence
    a warning.

    ## Example
    ```sql
    CREATE TABLE public.items (id int PRIMARY KEY, price numeric(10,2),
                               price_with_tax numeric(10,2) GENERATED ALWAYS AS (price * 1.2) STORED);
    ```

    ## How to fix
    Compute the value in Redshift (a view over the replicated table), or store it in a normal
    column written by the application.

    ## References
    - https://www.postgresql.org/docs/16/logical-replication-restrictions.html
    """
    for schema, entry in replicated(project):
        for column in entry.table.columns:
            if column.generated is None:
                continue
            yield Violation(
                message=f"Column {qualified(schema, entry.table)}.{column.name} is GENERATED ALWAYS AS (...) "
                f"{column.generated.upper()}; logical replication does not carry generated values",
                fix="Compute the value in Redshift (a view), or make it an ordinary column.",
                location=column.location,
                object=f"{qualified(schema, entry.table)}.{column.name}",
                related=entry.why + copy_note(column),
            )
