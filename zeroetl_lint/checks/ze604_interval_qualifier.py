"""ZE604 interval-qualifier."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.checks._columns import column_violation, columns_with
from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, rule


@rule(code="ZE604", name="interval-qualifier", severity=Severity.WARNING, needs=Need.SCHEMA)
def interval_qualifier(project: Project) -> Iterator[Violation]:
    """Checks for interval columns without a YEAR TO MONTH or DAY TO SECOND qualifier.

    ## What it does
    Reports `interval` columns of replicated tables whose field qualifier is missing or other
    than `YEAR TO MONTH` / `DAY TO SECOND`.

    ## Why is this bad?
    The mapping supports "only INTERVAL types with a YEAR TO MONTH or DAY TO SECOND qualifier";
    how a bare `interval` behaves is not documented, so it is a warning.

    ## Example
    ```sql
    CREATE TABLE public.jobs (id int PRIMARY KEY, timeout interval);
    ```

    ## How to fix
    ```sql
    ALTER TABLE public.jobs ALTER COLUMN timeout TYPE interval DAY TO SECOND;
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.querying.html
    """
    for schema, entry, column, verdict in columns_with(project, "INTERVAL_PROBLEM"):
        yield column_violation(
            schema, entry, column, verdict,
            f"{verdict.reason}; {verdict.requirement}",
            f"Declare {column.name} as {verdict.remedy}.",
        )
