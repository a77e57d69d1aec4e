"""ZE603 numeric-precision."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.checks._columns import column_violation, columns_with
from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, rule


@rule(code="ZE603", name="numeric-precision", severity=Severity.ERROR, needs=Need.SCHEMA)
def numeric_precision(project: Project) -> Iterator[Violation]:
    """Checks for numeric columns without a precision and scale Redshift can hold.

    ## What it does
    Reports `numeric`/`decimal` columns of replicated tables without explicit precision and
    scale, with precision above 38, scale above 37, or a negative scale (limits from the rulebook).
    `numeric(p)` without a scale is a warning: PostgreSQL gives it scale 0, and AWS does not say
    whether that counts as explicit.

    A live database's catalog cannot tell `numeric(5)` from `numeric(5,0)`: PostgreSQL stores both
    as precision 5 and scale 0, and `format_type()` prints `numeric(5,0)`. So a live read never
    gives the `numeric(p)` warning that the same column written in SQL gives.

    ## Why is this bad?
    Redshift `DECIMAL` needs both; "precision and scale must be explicitly defined". The table
    fails to replicate.

    ## Example
    ```sql
    CREATE TABLE public.orders (id bigint PRIMARY KEY, total numeric);
    ```

    ## How to fix
    ```sql
    ALTER TABLE public.orders ALTER COLUMN total TYPE numeric(12,2);
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.querying.html
    """
    for schema, entry, column, verdict in columns_with(project, "NUMERIC_PROBLEM"):
        yield column_violation(
            schema, entry, column, verdict,
            f"{verdict.reason}; {verdict.requirement}",
            f"Declare {column.name} as {verdict.remedy}.",
        )
