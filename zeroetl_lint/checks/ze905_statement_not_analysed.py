"""ZE905 statement-not-analysed."""

from __future__ import annotations

from collections.abc import Iterator

from zeroetl_lint.findings import Severity, Violation
from zeroetl_lint.model.problems import ProblemKind
from zeroetl_lint.model.project import Project
from zeroetl_lint.registry import rule


@rule(code="ZE905", name="statement-not-analysed", severity=Severity.INFO, reports=ProblemKind.NOT_ANALYSED)
def statement_not_analysed(project: Project) -> Iterator[Violation]:
    """Checks for SQL statements that can change tables but were read only as opaque text.

    ## What it does
    Reports a statement that can define or change tables (`CREATE TABLE`, `ALTER TABLE`,
    `CREATE SCHEMA ... CREATE TABLE`, ...) that the SQL parser could not analyse and fell back to
    treating as an opaque command. It names the statement's leading words and its line.

    ## Why is this bad?
    The schema model may miss what that statement does (a table it creates, a primary key it
    adds), so the table rules may be wrong about those tables. zeroetl-lint says so instead of
    reporting a false all-clear.

    ## Example
    ```sql
    ALTER TABLE ONLY public.orders ADD CONSTRAINT orders_pkey PRIMARY KEY USING INDEX orders_idx;
    ```

    ## How to fix
    Check the statement by hand, or write it in plain DDL (`ADD PRIMARY KEY (id)`).

    ## References
    - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/zero-etl.querying.html
    """
    # Its findings are the run's recorded problems of this kind, which the engine reports; the model
    # holds nothing more for it to find.
    return iter(())
