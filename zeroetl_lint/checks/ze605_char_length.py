"""ZE605 char-length."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.checks._columns import column_violation, columns_with
from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import Need, rule


@rule(code="ZE605", name="char-length", severity=Severity.WARNING, needs=Need.SCHEMA)
def char_length(project: Project) -> Iterator[Violation]:
    """Checks for char(n) columns longer than Redshift's CHAR limit.

    ## What it does
    Reports `char(n)`/`character(n)` columns of replicated tables with n above 4,096.

    ## Why is this bad?
    The zero-ETL mapping says `char(n)` becomes `CHAR(n)` "up to 65,535 bytes", but Redshift's
    `CHAR` holds at most 4,096 bytes of single-byte characters; the pages conflict, so this is a
    warning.

    ## Example
    ```sql
    CREATE TABLE public.docs (id int PRIMARY KEY, body char(8000));
    ```

    ## How to fix
    Use `varchar(n)` or `text`, which map to `VARCHAR(65535)`.

    ## References
    - https://docs.aws.amazon.com/redshift/latest/dg/r_Character_types.html
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.querying.html
    """
    for schema, entry, column, verdict in columns_with(project, "CHAR_LENGTH_PROBLEM"):
        yield column_violation(
            schema, entry, column, verdict,
            f"{verdict.reason}; {verdict.requirement}",
            f"Declare {column.name} as {verdict.remedy} instead.",
        )
