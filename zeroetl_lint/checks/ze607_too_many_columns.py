"""ZE607 too-many-columns."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.checks._schema import qualified, replicated
from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, rule


@rule(code="ZE607", name="too-many-columns", severity=Severity.ERROR, needs=Need.SCHEMA)
def too_many_columns(project: Project) -> Iterator[Violation]:
    """Checks for replicated tables with more columns than Redshift allows.

    ## What it does
    Reports a replicated table with more than 1,600 columns (an error), or more than 1,598 (a
    warning: the target adds hidden columns of its own; unverified). Limits come from the
    rulebook.

    ## Why is this bad?
    Redshift tables have at most 1,600 columns; the table cannot be created in the target.

    ## Example
    ```sql
    CREATE TABLE public.wide (id int PRIMARY KEY, c1 int, c2 int, ..., c1600 int);
    ```

    ## How to fix
    Split the table vertically, or exclude it in the filter.

    ## References
    - https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_TABLE_usage.html
    """
    if project.schema_analysis is None:
        return
    limits = project.rulebook.pg_types.limits.columns
    for schema, entry in replicated(project):
        table = entry.table
        count = len(table.columns)
        if count <= limits.warn_above:
            continue
        over = count > limits.max
        yield Violation(
            message=f"Table {qualified(schema, table)} has {count} columns; Redshift allows at most {limits.max}"
            + ("" if over else f", and the target adds hidden columns of its own (keep at most {limits.warn_above})"),
            fix="Split the table, or exclude it in the DataFilter.",
            location=table.location,
            object=qualified(schema, table),
            related=entry.why,
            severity=None if over else Severity.WARNING,
        )
